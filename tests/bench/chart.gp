# gnuplot script for tests/bench/render.py: two panels, TCP Mbit/s and
# UDP kpps per arm, medians with min-max error bars.
# Variables (gnuplot -e): datafile, outfile, plottitle, nsizes, sizes.
set terminal pngcairo size 1400,1000 noenhanced font "sans,10"
set output outfile
set multiplot layout 2,1 title plottitle
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set key top right
set xtics rotate by -25 scale 0
# Log scale: veth is 10x the tunnels under TCG.
set logscale y
set yrange [*:*]

set ylabel "TCP Mbit/s"
plot datafile using 2:3:4:xtic(1) title "1 stream fwd", \
     '' using 5:6:7 title "1 stream rev", \
     '' using 8:9:10 title "4 streams fwd", \
     '' using 11:12:13 title "4 streams rev"

set ylabel "UDP received kpps"
plot for [i=1:nsizes] datafile using (column(11+3*i)):(column(12+3*i)):(column(13+3*i)):xtic(1) \
     title sprintf("%s B", word(sizes, i))
unset multiplot
