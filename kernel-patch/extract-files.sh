#!/bin/sh
# Recover the files the guest printed between @@TSOB-FILE-BEGIN/END markers.
#
# usage: kernel-patch/extract-files.sh CONSOLE_LOG OUTDIR
#
# Each file is written to OUTDIR/<basename of its guest path>, through a
# temporary file and a rename, and only if its byte count matches the one
# the guest announced; a damaged transfer leaves no file and fails.
set -eu

log=$1
outdir=$2
status=0

for path in $(sed -n 's/^@@TSOB-FILE-BEGIN //p' "$log"); do
	name=$(basename "$path")
	tmp="$outdir/.$name.tmp.$$"
	# Kernel messages may land between the lines: keep only the B64 ones.
	awk -v p="$path" '
		$0 == "@@TSOB-FILE-BEGIN " p { on = 1; next }
		on && index($0, "@@TSOB-FILE-END " p " ") == 1 { exit }
		on && /^@@TSOB-B64 / { print substr($0, 12) }
	' "$log" | base64 -d >"$tmp"
	want=$(sed -n "s|^@@TSOB-FILE-END $path bytes=||p" "$log" | tail -n 1)
	got=$(stat -c %s "$tmp")
	if [ -z "$want" ] || [ "$want" != "$got" ]; then
		echo "extract-files: $path: got $got bytes, guest sent ${want:-?}" >&2
		rm -f "$tmp"
		status=1
		continue
	fi
	mv "$tmp" "$outdir/$name"
	echo "extract-files: $outdir/$name ($got bytes)" >&2
done
exit $status
