#!/bin/sh
# lava.template_errors: broken templates (--template FILE) and bad values,
# through `tsobench lava job`. Each is one line on stderr naming the problem
# (the option, or the template and its line), exit 2, and the job file
# written before at the same path is left byte for byte, with no temporary
# file beside it.
#
# usage: tests/lava/template-errors.sh REPO WORKDIR TSOBENCH
set -u
REPO=$1
WORK=$2
TSOB=$3
. "$(dirname "$0")/common.sh"

w=$WORK/template-errors
rm -rf "$w"
mkdir -p "$w"
out=$w/job.yaml
good="--kernel file:///k/Image --ramdisk file:///k/ramdisk.cpio.gz --testdef-repo /srv/tsobench"
# shellcheck disable=SC2086
"$TSOB" lava job --device qemu -o "$out" $good || fail "the qemu template with good values failed"
grep -q '^job_name: "tsobench"$' "$out" || fail "no job_name in the good job"
before=$(sha256sum <"$out")

fails=0
n=0
# One case a line: TEMPLATE_TEXT (\n for newlines; "-": the built-in one) |
# the device kind and more options | text the error must hold.
while IFS='|' read -r tmpl args want; do
	n=$((n + 1))
	set --
	if [ "$tmpl" != - ]; then
		printf "$tmpl\n" >"$w/case$n.yaml"
		set -- --template "$w/case$n.yaml"
		want="$w/case$n.yaml: $want"
	fi
	rc=0
	# shellcheck disable=SC2086
	"$TSOB" lava job -o "$out" $good "$@" $args 2>"$w/err" || rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <"$w/err")" != 1 ] ||
		! grep -qF -- "tsobench: lava job: $want" "$w/err"; then
		echo "FAIL: case $n ($tmpl | $args): exit $rc, said: $(cat "$w/err")"
		echo "      want: $want"
		fails=$((fails + 1))
		continue
	fi
	echo "ok: case $n: $(cat "$w/err")"
done <<'EOF'
job_name: {{jobname}}|--device qemu|template line 1: unknown placeholder '{{jobname}}'
job_name: {{job_name}}\n{{#dtb_url}}\ndtb: {{dtb_url}}|--device uboot --device-type b|template: block '{{#dtb_url}}' is not closed
job_name: {{job_name}}\n{{/dtb_url}}|--device qemu|template line 2: '{{/dtb_url}}' closes no open block
  image_arg: -kernel {{kernel_url}}|--device qemu|template line 1: '{{kernel_url}}' must be a whole value
url: "{{kernel_url}}"|--device qemu|template line 1: '{{kernel_url}}' must be a whole value
x: {{job_name}} {{device_name}}|--device qemu|template line 1: one placeholder a line
dtb: {{dtb_url}}|--device qemu|template line 1: '{{dtb_url}}' needs a value: give --dtb
url: {{kernel_url|--device qemu|template line 1: '{{kernel_url' is not closed
{{#nosuch}}\n{{/nosuch}}|--device qemu|template line 1: unknown placeholder '{{#nosuch}}'
kernel: {{kernel_url}}|--device qemu|--ramdisk: the template has no place for it
-|--device qemu -w copy8'x|--workload: no single quotes
-|--device qemu --subcommands run,bench|--subcommands 'bench': the device runs run, ctxsw or litmus
-|--device qemu --subcommands run,,litmus|--subcommands '': the device runs run, ctxsw or litmus
-|--device qemu --precision fast|--precision 'fast': use quick, full
-|--device qemu -r 0|--repeat 0: out of range (1 to 1000000)
-|--device qemu --timeout 0|--timeout 0: out of range (1 to 604800)
-|--device qemu --kernel /no/scheme|--kernel '/no/scheme': not a URL
-|--device qemu --kernel-args init="/bin/sh"|--kernel-args: no quotes
-|--device qemu --kernel-args loglevel=3|--kernel-args: 'loglevel=3' hides the 'Linux version' line
-|--device qemu --dtb file:///b.dtb|--dtb: the qemu template has no place for it
-|--device uboot|template line 7: '{{device_type}}' needs a value: give --device-type
-|--device ssh|template line 32: '{{prompt}}' needs a value: give --prompt
-|--device pi|--device 'pi': use qemu, uboot, ssh
-||give --device qemu, uboot or ssh
-|--device qemu --template /nonexistent.yaml|--template /nonexistent.yaml: No such file or directory
EOF
[ "$(sha256sum <"$out")" = "$before" ] || fail "a failed write changed the earlier $out"
[ -z "$(find "$w" -name '.*job.yaml*')" ] || fail "temporary files left beside $out"
[ $fails = 0 ] || fail "$fails of $n cases failed"
echo "$n broken templates and bad values refused"
echo PASS
