# Shared look of every tsobench chart. The caller (tsobench report) sets:
#   fmt   'png' or 'svg'          out   the image file
#   ttl   title line              sub   host, CPU and kernel line
#   note  timing banner ('' on native arm64): emulated/x86 timings are no ordering costs
#   nx    kernels on the x axis    nser  bars per kernel    rows  panels stacked (counters)
# The canvas grows with the number of bars, so that labels and bars stay readable.
if (!exists("nx")) nx = 8
if (!exists("nser")) nser = 1
if (!exists("rows")) rows = 1
W = 1100
if (160 + nx * (nser + 1.5) * 14 > W) W = int(160 + nx * (nser + 1.5) * 14)
H = (rows > 1) ? 200 + 420 * rows : 650
if (fmt eq 'svg') {
	set terminal svg size W,H dynamic font 'sans,12' background '#ffffff'
} else {
	if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
		set terminal pngcairo size W,H font 'sans,11' background '#ffffff'
	} else {
		set terminal png size W,H
	}
}
# Kernel names have underscores: no enhanced-text subscripts.
set termoption noenhanced
set output out
set datafile separator "\t"
set datafile missing "NaN"
set tmargin 7
set title ttl."\n".sub offset 0,1.5
if (strlen(note) > 0) {
	set label 101 note at screen 0.5, screen 0.87 center textcolor rgb '#b00000'
}
set key outside right top title 'strategy'
set grid ytics
set border 3
set tics nomirror
set xtics rotate by -35 left font ',10'
set style data histograms
set style histogram errorbars gap 1.5 lw 1.2
set style fill solid 0.75 border -1
set bars 0.5
