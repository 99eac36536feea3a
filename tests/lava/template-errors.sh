#!/bin/sh
# lava.template_errors: broken templates and bad parameters, through
# bench/lava/job.c (lava_tool job). Each is one line on stderr naming the
# problem (and the template line), exit 2, and the job file written before
# at the same path is left byte for byte, with no temporary file beside it.
#
# usage: tests/lava/template-errors.sh REPO WORKDIR LAVA_TOOL
set -u
REPO=$1
WORK=$2
TOOL=$3
. "$(dirname "$0")/common.sh"

w=$WORK/template-errors
rm -rf "$w"
mkdir -p "$w"
out=$w/job.yaml
good="kernel_url=file:///k/Image ramdisk_url=file:///k/ramdisk.cpio.gz testdef_repo=/srv/tsobench"
# shellcheck disable=SC2086
"$TOOL" job qemu "$out" $good || fail "the qemu template with good values failed"
grep -q '^job_name: "tsobench"$' "$out" || fail "no job_name in the good job"
before=$(sha256sum <"$out")

fails=0
n=0
# One case a line: TEMPLATE_TEXT (\n for newlines; "-" = the qemu template) |
# extra name=value arguments | the expected errno name | text the error must hold.
while IFS='|' read -r tmpl args errno want; do
	n=$((n + 1))
	if [ "$tmpl" = - ]; then
		src=qemu
	else
		src=$w/case$n.yaml
		printf "$tmpl\n" >"$src"
	fi
	rc=0
	# shellcheck disable=SC2086
	"$TOOL" job "$src" "$out" $good $args 2>"$w/err" || rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <"$w/err")" != 1 ] ||
		! grep -q -- "^lava_tool: -$errno: .*$want" "$w/err"; then
		echo "FAIL: case $n ($tmpl | $args): exit $rc, said: $(cat "$w/err")"
		echo "      want -$errno with: $want"
		fails=$((fails + 1))
		continue
	fi
	echo "ok: case $n: $(cat "$w/err")"
done <<'EOF'
job_name: {{jobname}}||EINVAL|template line 1: unknown placeholder '{{jobname}}'
job_name: {{job_name}}\n{{#dtb_url}}\ndtb: {{dtb_url}}||EINVAL|block '{{#dtb_url}}' is not closed
job_name: {{job_name}}\n{{/dtb_url}}||EINVAL|template line 2: '{{/dtb_url}}' closes no open block
  image_arg: -kernel {{kernel_url}}||EINVAL|template line 1: '{{kernel_url}}' must be a whole value
url: "{{kernel_url}}"||EINVAL|must be a whole value
x: {{job_name}} {{device}}||EINVAL|one placeholder a line
dtb: {{dtb_url}}||EINVAL|template line 1: '{{dtb_url}}' needs a value
url: {{kernel_url||EINVAL|is not closed
{{#nosuch}}\n{{/nosuch}}||EINVAL|unknown placeholder '{{#nosuch}}'
-|kernels=copy8'x|EINVAL|kernels: no single quotes
-|subcommands=run,bench|EINVAL|'bench' is not run, ctxsw or litmus
-|precision=fast|EINVAL|precision 'fast': quick, full, or a positive number
-|repetitions=0|EINVAL|repetitions '0'
-|job_timeout=0|EINVAL|job_timeout '0': seconds
-|kernel_url=/no/scheme|EINVAL|not a URL
-|kernel_args=init="/bin/sh"|EINVAL|kernel_args: no quotes
-|kernel_args=loglevel=3|EINVAL|'loglevel=3' hides the 'Linux version' line
-|no_such_param=1|ENOENT|unknown job parameter 'no_such_param'
-|ramdisk_url=|EINVAL|'{{ramdisk_url}}' needs a value
EOF
[ "$(sha256sum <"$out")" = "$before" ] || fail "a failed write changed the earlier $out"
[ -z "$(find "$w" -name 'job.yaml.tmp*')" ] || fail "temporary files left beside $out"
[ $fails = 0 ] || fail "$fails of $n cases failed"
echo "$n broken templates and parameters refused"
echo PASS
