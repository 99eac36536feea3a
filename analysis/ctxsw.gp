# Context-switch cost per state (and prctl cost per call when recorded):
# median with its 95% confidence interval. Data: label, median, ci_lo, ci_hi.
# Extra variable: logy (1 when the rows span more than a decade).
load scripts.'/common.gp'
set ylabel 'ns per switch (ns per call for prctl rows)'
if (logy) {
	set logscale y 10
	set ylabel 'ns per switch or per call (log scale)'
} else {
	set yrange [0:*]
}
set key off
plot data using 2:3:4:xtic(1) title 'median, 95% CI' lc rgb '#3060a0'
