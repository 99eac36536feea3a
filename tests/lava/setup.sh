#!/bin/sh
# lava.setup: what every lava test needs, checked once: LAVA's device types
# and the arm64 busybox (unpacked from Debian's packages, cached), the test
# definition as LAVA reads it, and the board and SSH devices rendered from
# lava/devices/ with lava-server's templates.
#
# usage: tests/lava/setup.sh REPO WORKDIR TSOBENCH
set -u
REPO=$1
WORK=$2
TSOB=$3
. "$(dirname "$0")/common.sh"
tsob_lava_prereq
mkdir -p "$WORK/devices"

# The test definition: LAVA's own schema, and the run step's script.
$PY - "$REPO/lava/tsobench-test.yaml" <<'PYEOF' || fail "lava/tsobench-test.yaml is not a valid test definition"
import sys, yaml
from lava_common.schemas.test import testdef
doc = yaml.safe_load(open(sys.argv[1]))
testdef.validate(doc)
params = doc["params"]
for want in ("SUBCOMMANDS", "KERNELS", "STRATEGIES", "EVENTS", "REPETITIONS", "PRECISION"):
    assert want in params, "no parameter " + want
for k, v in params.items():
    assert "'" not in str(v), k + ": LAVA writes params as NAME='value'"
print("test definition: %s, %d parameters, %d run steps" %
      (doc["metadata"]["name"], len(params), len(doc["run"]["steps"])))
PYEOF
for shell in dash "$DEBS/root/bin/busybox sh"; do
	[ "$shell" = dash ] || command -v qemu-aarch64-static >/dev/null || continue
	case $shell in *busybox*) shell="qemu-aarch64-static $shell" ;; esac
	$shell -n "$REPO/lava/tsobench-lava.sh" || fail "$shell -n lava/tsobench-lava.sh"
done

tsob_lava_device rpi4-tsobench "$WORK/devices/rpi4.yaml" ""
# The key the dispatcher would log in with: LAVA checks that it exists.
rm -f "$WORK/devices/id_tsobench" "$WORK/devices/id_tsobench.pub"
ssh-keygen -q -t ed25519 -N "" -C tsobench-lava-test -f "$WORK/devices/id_tsobench" ||
	fail "ssh-keygen (openssh-client) could not make a key"
tsob_lava_device ssh-tsobench "$WORK/devices/ssh.yaml" "" "ssh_identity_file=$WORK/devices/id_tsobench"
grep -q 'bootloader_prompt: U-Boot>' "$WORK/devices/rpi4.yaml" ||
	fail "rpi4 device: not a U-Boot board"
grep -q 'host: "arm64-host.lab.example"' "$WORK/devices/ssh.yaml" || fail "ssh device: no host"
file -L "$DEBS/root/bin/busybox" | grep -q 'ARM aarch64.*statically linked' ||
	fail "busybox-static:arm64 is not a static arm64 busybox"
echo "devices: $(ls "$WORK/devices" | tr '\n' ' '); debs: $DEBS"
echo PASS
