# tsobench seq: each instruction sequence's median per copy (cycles, or ns
# where there is no cycle counter), 95% CI whiskers, the TSO memory model's
# bar beside the default one. Data (tab-separated): row, then per model
# (default, tso): median, ci_lo, ci_hi (NaN = not run).
# Extra variables: ylab, nser (1: default only, 2: and tso), logy.
load scripts.'/common.gp'
set key outside right top title 'memory model'
set ylabel ylab
if (logy) { set logscale y 10; set ylabel ylab.' (log scale)' }
set yrange [*:*]
plot for [i=0:nser-1] data using (column(2+3*i)):(column(3+3*i)):(column(4+3*i)):xtic(1) \
	title word('default tso', i+1)
