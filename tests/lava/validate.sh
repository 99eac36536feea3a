#!/bin/sh
# lava.validate: a job from each template, written by bench/lava/job.c
# (through lava_tool), passes lava_common.schemas.validate(strict=True) and
# `lava-run --validate` against a rendered device: QEMU on neoverse-n1 and
# a64fx, a U-Boot/TFTP board (with and without a dtb and a tsobench overlay),
# and an SSH host. Values with quotes, backslashes and non-ASCII come back from
# the YAML exactly as given.
#
# The board's validation needs in.tftpd (from the unpacked tftpd-hpa, never
# started), mkimage and /etc/default/tftpd-hpa: made here only when the
# machine has none, and removed at the end. No daemon is left running.
#
# usage: tests/lava/validate.sh REPO WORKDIR LAVA_TOOL
set -u
REPO=$1
WORK=$2
TOOL=$3
. "$(dirname "$0")/common.sh"
tsob_lava_prereq
command -v mkimage >/dev/null || skip "mkimage not installed (u-boot-tools: cmake/install-deps.sh test)"
[ -f "$WORK/devices/rpi4.yaml" ] || fail "no rendered devices in $WORK/devices: lava.setup first"

v=$WORK/validate
rm -rf "$v"
mkdir -p "$v/files" "$v/tftp"
# --validate checks that each file:// URL exists (an http:// one it would
# fetch); what the files hold is exercised by lava.qemu.
for f in Image bcm2711-rpi-4-b.dtb ramdisk.cpio.gz tsobench.tar; do
	echo "$f" >"$v/files/$f"
done
u=file://$v/files
tsob_lava_testdef_repo "$v/testdef"

conf=/etc/default/tftpd-hpa
# One /etc/default/tftpd-hpa for the machine: other builds' runs of this test wait.
exec 7>/run/lock/tsobench-lava-tftpd-hpa.lock
flock -w 120 7 || fail "another run of lava.validate holds /run/lock/tsobench-lava-tftpd-hpa.lock"
made_conf=
cleanup() {
	[ -z "$made_conf" ] || rm -f "$conf"
}
trap cleanup EXIT
if [ ! -e "$conf" ]; then
	made_conf=1
	printf 'TFTP_USERNAME="tftp"\nTFTP_DIRECTORY="%s"\nTFTP_ADDRESS=":69"\nTFTP_OPTIONS="--secure"\n' \
		"$v/tftp" >"$conf" || fail "cannot write $conf"
fi

label='M2 Max "asahi" \ é'
fails=0
# Job ids name lava-run's scratch directories: unique to this run.
jobno=$$
check() { # NAME DEVICE TEMPLATE ARGS...
	name=$1 device=$2 tmpl=$3
	shift 3
	job=$v/$name.yaml
	"$TOOL" job "$tmpl" "$job" "$@" || {
		echo "FAIL: $name: lava_tool job $tmpl exited $?"
		fails=$((fails + 1))
		return
	}
	if [ "$device" = qemu ]; then
		device=$v/$name.device.yaml
		tsob_lava_device qemu-tsobench "$device" "$job"
	fi
	$PY - "$job" "$label" <<'PYEOF' || { echo "FAIL: $name: schema"; fails=$((fails + 1)); }
import sys, yaml
from lava_common.schemas import validate
job = yaml.safe_load(open(sys.argv[1]))
validate(job, strict=True)
dev = job["metadata"]["tsobench.device"]
assert dev in ("", sys.argv[2]), "device label came back as %r" % dev
PYEOF
	jobno=$((jobno + 100000))
	PATH=$DEBS/root/usr/sbin:$PATH timeout 60 lava-run --validate --job-id "$jobno" \
		--output-dir "$v/out-$name" --device "$device" "$job" 2>"$v/$name.log" >/dev/null
	rc=$?
	# --validate leaves the scratch directory of a tmpfs deploy behind.
	rm -rf "/var/lib/lava/dispatcher/tmp/$jobno"
	if [ $rc != 0 ] || ! grep -q '"case": "job", "definition": "lava", "result": "pass"' "$v/$name.log"; then
		echo "FAIL: $name: lava-run --validate exited $rc:"
		grep -E '"lvl": "(error|exception)"|"result": "fail"' "$v/$name.log" | cut -c1-300
		fails=$((fails + 1))
		return
	fi
	echo "ok: $name ($tmpl template, $(basename "$device"))"
}

common="testdef_repo=$v/testdef ramdisk_url=$u/ramdisk.cpio.gz kernel_url=$u/Image"
# shellcheck disable=SC2086
check qemu-n1 qemu qemu $common tsobench_url=$u/tsobench.tar "device=$label"
# shellcheck disable=SC2086
check qemu-a64fx qemu qemu $common cpu=a64fx subcommands=run,ctxsw,litmus precision=full
grep -q -- '-machine virt,gic-version=3' "$v/qemu-a64fx.device.yaml" &&
	grep -q -- '-cpu a64fx' "$v/qemu-a64fx.device.yaml" ||
	{ echo "FAIL: a64fx: the device is not virt,gic-version=3 with -cpu a64fx"; fails=$((fails + 1)); }
grep -q 'TSOBENCH_EXECUTION: "qemu-system-aarch64 (TCG)"' "$v/qemu-n1.yaml" ||
	{ echo "FAIL: the QEMU job does not label its results emulated"; fails=$((fails + 1)); }
# shellcheck disable=SC2086
check uboot "$WORK/devices/rpi4.yaml" uboot $common device_type=bcm2711-rpi-4-b \
	dtb_url=$u/bcm2711-rpi-4-b.dtb tsobench_url=$u/tsobench.tar kernel_args=nokaslr \
	"device=$label" kernels=copy8,hash strategies=ldar,ldapr repetitions=31
# shellcheck disable=SC2086
check uboot-plain "$WORK/devices/rpi4.yaml" uboot $common device_type=bcm2711-rpi-4-b
grep -q 'tsobench:' "$v/uboot-plain.yaml" && { echo "FAIL: uboot-plain has an overlay"; fails=$((fails + 1)); }
check ssh "$WORK/devices/ssh.yaml" ssh "testdef_repo=$v/testdef" testdef_revision=master \
	'prompt=tsob@asahi:~\$ ' os=fedora tsobench=/usr/local/bin/tsobench "device=$label" \
	subcommands=run,ctxsw,litmus events=cycles,instructions precision=0.01

pgrep -x in.tftpd >/dev/null && { echo "FAIL: an in.tftpd is running"; fails=$((fails + 1)); }
cleanup
made_conf=
[ ! -e "$conf" ] || [ -z "$(grep -F "$v/tftp" "$conf")" ] ||
	{ echo "FAIL: $conf left behind"; fails=$((fails + 1)); }
[ $fails = 0 ] || fail "$fails check(s) failed"
echo PASS
