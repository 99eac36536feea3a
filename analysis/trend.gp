# One series of the history over commits (tsobench history trend): the median of
# each run with its 95% CI, the mean of each segment between change points, and
# the change points (dashed lines, labelled with their change).
# Data (tab-separated): index, commit, median, ci_lo, ci_hi, segment mean,
# mean after a change point (NaN elsewhere), its label.
# The caller also sets: ylab, cps (indices of the change points, space-separated),
# step (label every step-th commit), logy.
load scripts.'/common.gp'
unset style
set style data linespoints
set key inside top left box opaque title ''
set xlabel 'run (commit), oldest first'
set ylabel ylab
if (logy) { set logscale y 10; set ylabel ylab.' (log scale)' }
set xtics rotate by -45 left font ',9'
set yrange [*:*]
set offsets 0.5, 0.5, 0, 0
do for [i=1:words(cps)] {
	set arrow i from word(cps, i) - 0.5, graph 0 to word(cps, i) - 0.5, graph 1 nohead \
		dt 2 lw 1.5 lc rgb '#d62728' back
}
plot data using 1:3:4:5:xtic(int($1) % step == 0 ? strcol(2) : '') with yerrorbars \
	pt 7 ps 0.7 lc rgb '#1f77b4' title 'median of the run, 95% CI', \
     data using ($1 - 0.5):6:(1):(0) with vectors nohead lw 2 lc rgb '#2ca02c' \
	title 'segment mean', \
     data using 1:7 with points pt 9 ps 2.2 lc rgb '#d62728' title 'change point', \
     data using 1:7:8 with labels offset 0,1.6 textcolor rgb '#d62728' notitle
