#!/bin/sh
# lava.validate: a job from each template, written by `tsobench lava job`,
# passes lava_common.schemas.validate(strict=True) and `lava-run --validate`
# against a rendered device: QEMU on neoverse-n1 and on a64fx (entered at EL2:
# virt,gic-version=3,virtualization=on), a U-Boot/TFTP board (with and
# without a dtb and a tsobench overlay), and an SSH host. Values with quotes,
# backslashes and non-ASCII come back from the YAML exactly as given.
#
# The board's validation needs in.tftpd (from the unpacked tftpd-hpa, never
# started), mkimage and /etc/default/tftpd-hpa: made here only when the
# machine has none, and removed at the end. No daemon is left running.
#
# usage: tests/lava/validate.sh REPO WORKDIR TSOBENCH
set -u
REPO=$1
WORK=$2
TSOB=$3
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
check() { # NAME DEVICE KIND OPTIONS...
	name=$1 device=$2 kind=$3
	shift 3
	job=$v/$name.yaml
	"$TSOB" lava job --device "$kind" -o "$job" "$@" || {
		echo "FAIL: $name: tsobench lava job --device $kind exited $?"
		fails=$((fails + 1))
		return
	}
	if [ "$device" = qemu ]; then
		device=$v/$name.device.yaml
		tsob_lava_device qemu-tsobench "$device" "$job"
	fi
	$PY - "$job" "$label" "$@" <<'PYEOF' || { echo "FAIL: $name: schema"; fails=$((fails + 1)); }
import sys, yaml
from lava_common.schemas import validate
job = yaml.safe_load(open(sys.argv[1]))
validate(job, strict=True)
# The device's name: as given, else qemu-CPU or the device type.
if "--device-name" in sys.argv[3:]:
    want = sys.argv[2]
elif job["device_type"] == "qemu":
    want = "qemu-" + job["context"]["cpu"]
else:
    want = job["device_type"]
params = job["actions"][-1]["test"]["definitions"][0]["parameters"]
for got in (job["metadata"]["tsobench.device"], params["DEVICE"]):
    assert got == want, "device name came back as %r, not %r" % (got, want)
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
	echo "ok: $name ($kind template, $(basename "$device"))"
}

common="--testdef-repo $v/testdef --ramdisk $u/ramdisk.cpio.gz --kernel $u/Image"
# shellcheck disable=SC2086
check qemu-n1 qemu qemu $common --overlay $u/tsobench.tar --device-name "$label"
# shellcheck disable=SC2086
check qemu-a64fx qemu qemu $common --cpu a64fx --subcommands run,ctxsw,litmus --precision full
grep -q -- '-machine virt,gic-version=3,virtualization=on' "$v/qemu-a64fx.device.yaml" &&
	grep -q -- '-cpu a64fx' "$v/qemu-a64fx.device.yaml" ||
	{ echo "FAIL: a64fx: the device is not virt,gic-version=3,virtualization=on (EL2) with -cpu a64fx"; fails=$((fails + 1)); }
grep -q -- '- -machine virt$' "$v/qemu-n1.device.yaml" ||
	{ echo "FAIL: neoverse-n1: the device is not plain virt"; fails=$((fails + 1)); }
! grep -q 'TSOBENCH_EXECUTION\|environment:' "$v/qemu-n1.yaml" ||
	{ echo "FAIL: the QEMU job sets the execution: the guest finds it out itself"; fails=$((fails + 1)); }
# shellcheck disable=SC2086
check uboot "$WORK/devices/rpi4.yaml" uboot $common --device-type bcm2711-rpi-4-b \
	--dtb $u/bcm2711-rpi-4-b.dtb --overlay $u/tsobench.tar --kernel-args nokaslr \
	--device-name "$label" -w copy8,hash -m ldar,ldapr -r 31
# shellcheck disable=SC2086
check uboot-plain "$WORK/devices/rpi4.yaml" uboot $common --device-type bcm2711-rpi-4-b
grep -q 'tsobench:' "$v/uboot-plain.yaml" && { echo "FAIL: uboot-plain has an overlay"; fails=$((fails + 1)); }
check ssh "$WORK/devices/ssh.yaml" ssh --testdef-repo "$v/testdef" --testdef-revision master \
	--prompt 'tsob@asahi:~$ ' --os fedora --tsobench /usr/local/bin/tsobench \
	--device-name "$label" --subcommands run,ctxsw,litmus -e cycles,instructions \
	--results-dir /var/tmp/tsobench

pgrep -x in.tftpd >/dev/null && { echo "FAIL: an in.tftpd is running"; fails=$((fails + 1)); }
cleanup
made_conf=
[ ! -e "$conf" ] || [ -z "$(grep -F "$v/tftp" "$conf")" ] ||
	{ echo "FAIL: $conf left behind"; fails=$((fails + 1)); }
[ $fails = 0 ] || fail "$fails check(s) failed"
echo PASS
