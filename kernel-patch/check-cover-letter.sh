#!/bin/sh
# Check that the cover letter still describes the series beside it: its
# subject counts the patches, its shortlog lists their subjects in order, it
# cites the 2024 posting the series descends from, and its generated evidence
# section sits between exactly one pair of markers. Also check what the
# series must not carry: anyone's Signed-off-by (the poster adds their own)
# and a MAINTAINERS change (entries are for the maintainers to grant).
#
# usage: kernel-patch/check-cover-letter.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cover=$here/cover-letter/0000-cover-letter.patch
origin='https://lore.kernel.org/all/20240411-tso-v1-0-754f11abfbff@marcan.st/'
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

[ -f "$cover" ] || {
	echo "FAIL: no $cover"
	exit 1
}
n=$(ls "$here"/series/*.patch | wc -l)

# A subject may be folded over two header lines
subject() {
	sed -n '/^Subject: /{N;s/\n / /;s/^Subject: //;s/\n.*//;p;q}' "$1"
}

case $(subject "$cover") in
"[PATCH v2 0/$n] "*) ;;
*) fail "cover letter subject is not [PATCH v2 0/$n]: $(subject "$cover")" ;;
esac

i=0
for p in "$here"/series/*.patch; do
	i=$((i + 1))
	s=$(subject "$p")
	case $s in
	"[PATCH v2 $i/$n] "*) ;;
	*) fail "$(basename "$p"): subject is not [PATCH v2 $i/$n]: $s" ;;
	esac
	title=${s#*] }
	# the shortlog indents each subject by two spaces, in order
	line=$(grep -n -x -F "  $title" "$cover" | cut -d: -f1 | head -n 1)
	if [ -z "$line" ]; then
		fail "shortlog lacks: $title"
	elif [ -n "${last:-}" ] && [ "$line" -le "$last" ]; then
		fail "shortlog out of order at: $title"
	fi
	last=${line:-${last:-0}}
done

for p in "$here"/series/*.patch "$here"/bench/*.patch; do
	grep -qi '^Signed-off-by:' "$p" &&
		fail "$(basename "$p") carries a Signed-off-by: sign-offs are the poster's to add"
	grep -q '^+++ b/MAINTAINERS$' "$p" &&
		fail "$(basename "$p") changes MAINTAINERS"
done
grep -qi '^Signed-off-by:' "$cover" && fail "the cover letter carries a Signed-off-by"

grep -qF '[PATCH 0/4] arm64: Support the TSO memory model' "$cover" ||
	fail "the cover letter does not name the 2024 posting"
grep -qF "$origin" "$cover" || fail "the cover letter does not link the 2024 thread"
grep -q '^Changes in v2' "$cover" || fail "no changelog (Changes in v2)"

begin=$(grep -n -x '<!-- evidence:begin -->' "$cover" | cut -d: -f1)
end=$(grep -n -x '<!-- evidence:end -->' "$cover" | cut -d: -f1)
if [ "$(echo "$begin" | wc -w)" != 1 ] || [ "$(echo "$end" | wc -w)" != 1 ]; then
	fail "the evidence markers must each appear once, on a line of their own"
elif [ "$begin" -ge "$end" ]; then
	fail "the evidence end marker comes before its begin marker"
else
	section=$(sed -n "$((begin + 1)),$((end - 1))p" "$cover")
	echo "$section" | grep -q 'generated' ||
		fail "the evidence section does not say that it is generated"
fi

# An email: ASCII, lines of 75 columns at most (a line holding a URL may be longer)
long=$(awk 'length > 75 && !/https?:\/\//' "$cover" | head -n 3)
[ -z "$long" ] || fail "lines longer than 75 columns: $long"
LC_ALL=C grep -q '[^[:print:][:space:]]' "$cover" && fail "the cover letter is not plain ASCII"

[ $fails = 0 ] || {
	echo "$fails check(s) failed"
	exit 1
}
echo "cover letter OK: $n patches, evidence section at lines $begin-$end"
