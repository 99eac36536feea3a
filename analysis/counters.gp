# Hardware counters per operation, one panel per event, bars per strategy,
# 95% CI whiskers. Data: one block per event (gnuplot 'index'), rows as in time.gp.
# Extra variables: events (space-separated names), nev, cols, rows,
# logs (one 0/1 per event: log scale for that panel), unit.
load scripts.'/common.gp'
unset title
unset label 101
set tmargin 2.5
# Same right margin in every panel; the legend sits in the first one's.
set rmargin 14
set key at graph 1.02, graph 1 left top title 'strategy' font ',9'
set multiplot layout rows, cols title ttl."\n".sub.(strlen(note) > 0 ? "\n".note : "")
do for [e=1:nev] {
	set title word(events, e).' per '.unit
	set ylabel word(events, e).' / '.unit
	if (word(logs, e) eq '1') {
		set logscale y 10
		set yrange [*:*]
		set ylabel word(events, e).' / '.unit.' (log)'
	} else {
		unset logscale y
		set yrange [0:*]
	}
	# One legend, in the first panel.
	if (e > 1) { unset key }
	plot for [i=0:nser-1] data index (e-1) \
		using (column(2+3*i)):(column(3+3*i)):(column(4+3*i)):xtic(1) title word(sers, i+1)
}
unset multiplot
