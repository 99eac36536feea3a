# Slowdown of each strategy relative to plain (LDR/STR) on the same kernel:
# Hodges-Lehmann ratio with its 95% confidence interval as whiskers.
# Data (tab-separated): cell, then per strategy: ratio, ci_lo, ci_hi (NaN = not run).
load scripts.'/common.gp'
set ylabel 'time relative to plain (x, 1 = no cost)'
if (logy) { set logscale y 2; set ylabel 'time relative to plain (x, log scale)' }
set yrange [0.8 < ymin ? 0.8 : ymin : *]
if (!logy) { set yrange [0:*] }
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5 lc rgb '#404040' front
set label 102 'plain = 1' at graph 1, first 1 offset 1,0 left
plot for [i=0:nser-1] data using (column(2+3*i)):(column(3+3*i)):(column(4+3*i)):xtic(1) \
	title word(sers, i+1)
