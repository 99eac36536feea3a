#!/bin/sh
# Results files written before a change must read the same after it: for each
# results file in inputs/ (the reference results as they were before the
# redesign, schema version 1, kept here compressed and frozen), what tsobench
# makes of it (the CSV and Google Benchmark exports, report's summary.md,
# compare with itself) must equal what was recorded here. The outputs were made
# by the tsobench of commit 5d7cbe9, before the redesign into lib/, measure/ and
# analysis/ (only the CSV header's schema number differs: it names the writer's
# schema).
#
# usage: tests/golden/check.sh SOURCE_DIR TSOBENCH WORKDIR [--update]
# --update rewrites the recorded outputs: do it only when an output changes on
# purpose, and say why in the commit.
set -u
src=$1
tsob=$2
work=$3
update=${4:-}
fails=0
PY=${TSOB_PYTHON:-python3}
# The gbench export, its numbers to 12 significant digits: an arm64 build's
# libm may differ from x86-64's in the 17th digit, which is no change in meaning.
norm() {
	"$PY" -c 'import json, sys
def r(x):
    if isinstance(x, float): return float("%.12g" % x)
    if isinstance(x, list): return [r(v) for v in x]
    if isinstance(x, dict): return {k: r(v) for k, v in x.items()}
    return x
print(json.dumps(r(json.load(open(sys.argv[1]))), sort_keys=True))' "$1" >"$1.norm"
}
rm -rf "$work"
mkdir -p "$work"
cd "$src" || exit 2
mkdir -p "$work/results/reference"
for x in tests/golden/inputs/*.json.xz; do
	xz -dc "$x" >"$work/results/reference/$(basename "$x" .xz)" || exit 2
done
# The outputs name the file as given: results/reference/NAME.json, from $work.
cd "$work" || exit 2
for f in results/reference/*.json; do
	b=$(basename "$f" .json)
	${TSOB_EMU:-} "$tsob" export --format csv "$f" >"$work/$b.csv" || fails=$((fails + 1))
	${TSOB_EMU:-} "$tsob" export --format gbench "$f" >"$work/$b.gbench.json" || fails=$((fails + 1))
	norm "$work/$b.gbench.json"
	${TSOB_EMU:-} "$tsob" report "$f" --no-charts -o "$work/$b-report" >/dev/null || fails=$((fails + 1))
	cp "$work/$b-report/summary.md" "$work/$b.summary.md" 2>/dev/null
	${TSOB_EMU:-} "$tsob" compare "$f" "$f" >"$work/$b.compare.txt"
	[ $? = 0 ] || fails=$((fails + 1))
	if [ "$update" = --update ]; then
		cp "$work/$b.csv" "$work/$b.summary.md" "$work/$b.compare.txt" "$src/tests/golden/"
		continue
	fi
	for k in csv summary.md compare.txt; do
		if ! cmp -s "$src/tests/golden/$b.$k" "$work/$b.$k"; then
			echo "FAIL: $f: $k differs from what the earlier tsobench made:"
			diff "$src/tests/golden/$b.$k" "$work/$b.$k" | head -20
			fails=$((fails + 1))
		fi
	done
done
if [ "$update" = --update ]; then
	(cd "$work" && sha256sum ./*.gbench.json.norm | sed 's| \./| |') >"$src/tests/golden/gbench.sha256"
	echo "updated tests/golden"
	exit 0
fi
(cd "$work" && sed 's/  */  /' "$src/tests/golden/gbench.sha256" | sha256sum -c --quiet) ||
	{ echo "FAIL: a Google Benchmark export differs from what the earlier tsobench made"; fails=$((fails + 1)); }
[ $fails = 0 ] || { echo "$fails difference(s)"; exit 1; }
echo "PASS: $(ls results/reference/*.json | wc -l) files of schema version 1 read the same (CSV, gbench, report, compare)"
