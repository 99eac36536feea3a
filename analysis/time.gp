# Median time per operation of every kernel under every strategy, 95% CI whiskers.
# Data (tab-separated): cell, then per strategy: median, ci_lo, ci_hi (NaN = not run).
load scripts.'/common.gp'
set ylabel ylab
if (logy) { set logscale y 10; set ylabel ylab.' (log scale)' }
set yrange [*:*]
plot for [i=0:nser-1] data using (column(2+3*i)):(column(3+3*i)):(column(4+3*i)):xtic(1) \
	title word(sers, i+1)
