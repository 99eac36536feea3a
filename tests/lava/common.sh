# Sourced by the lava tests: what they share. Skips (exit 77) say why, and
# only where LAVA itself cannot be set up here. Each test sets REPO, WORK and
# TSOB (this build's tsobench) before sourcing it.
#
# After tsob_lava_prereq:
#   PY       Debian's python3 (LAVA's modules live there)
#   DEBS     lava-server, busybox-static:arm64 and tftpd-hpa unpacked (DEBS/root),
#            cached in ${TSOBENCH_CACHE:-/var/cache/tsobench}/lava-debs/
#   TYPES    lava-server's device types: DEBS/root/usr/share/lava-server/device-types
PY=/usr/bin/python3

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# The packages lava-run needs are only unpacked, never installed: lava-server
# for its device types, busybox for the arm64 ramdisk, tftpd-hpa for in.tftpd
# (installing tftpd-hpa would start a TFTP daemon).
tsob_lava_debs() {
	ver=$(dpkg-query -W -f='${Version}' lava-dispatcher)
	cache=${TSOBENCH_CACHE:-/var/cache/tsobench}/lava-debs
	DEBS=$cache/$ver
	[ -f "$DEBS/.complete" ] && return 0
	mkdir -p "$cache" || skip "cannot create $cache"
	exec 8>"$cache/.lock"
	flock 8
	[ -f "$DEBS/.complete" ] && return 0
	tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
	if ! (cd "$tmp" && apt-get download -q "lava-server=$ver" busybox-static:arm64 tftpd-hpa \
		>download.log 2>&1); then
		tail -n 3 "$tmp/download.log"
		rm -rf "$tmp"
		skip "apt-get download lava-server=$ver busybox-static:arm64 tftpd-hpa failed: LAVA's device types cannot be had here"
	fi
	for deb in "$tmp"/*.deb; do
		dpkg -x "$deb" "$tmp/root" || fail "dpkg -x $deb"
	done
	rm -f "$tmp"/*.deb "$tmp/download.log"
	touch "$tmp/.complete"
	rm -rf "$DEBS"
	mv "$tmp" "$DEBS"
}

tsob_lava_prereq() {
	command -v lava-run >/dev/null ||
		skip "lava-run not installed (Debian lava-dispatcher: cmake/install-deps.sh test)"
	[ -x "$TSOB" ] || fail "no tsobench at '$TSOB'"
	$PY -c 'import lava_common.schemas, jinja2, yaml' 2>/dev/null ||
		skip "Debian's python3 lacks lava_common or jinja2 (lava-common, python3-jinja2)"
	[ "$(id -u)" = 0 ] || skip "lava-run must run as root"
	# lava-dispatcher enables a worker that would poll a server forever.
	if [ -d /run/systemd/system ] && systemctl is-enabled --quiet lava-worker 2>/dev/null; then
		systemctl disable --now lava-worker >/dev/null 2>&1 || true
	fi
	tsob_lava_debs
	TYPES=$DEBS/root/usr/share/lava-server/device-types
	[ -f "$TYPES/qemu.jinja2" ] || fail "no qemu.jinja2 in $TYPES"
}

# Render lava/devices/NAME.jinja2 to OUT, with JOB's context ("" for none)
# and NAME=VALUE dictionary variables.
tsob_lava_device() {
	_dev=$1 _out=$2 _job=$3
	shift 3
	_sets=
	for _kv in "$@"; do _sets="$_sets --set $_kv"; done
	# shellcheck disable=SC2086
	$PY "$REPO/lava/render-device.py" --types "$TYPES" ${_job:+--job "$_job"} $_sets \
		-o "$_out" "$REPO/lava/devices/$_dev.jinja2" || fail "cannot render device $_dev"
}

# A git repository with the test definition as it is in this tree (a lab
# points its jobs at tsobench's own repository instead).
tsob_lava_testdef_repo() {
	rm -rf "$1"
	mkdir -p "$1/lava"
	cp "$REPO/lava/tsobench-test.yaml" "$REPO/lava/tsobench-lava.sh" "$1/lava/"
	git -C "$1" init -q -b master &&
		git -C "$1" add lava &&
		git -C "$1" -c user.name=tsobench -c user.email=tsobench@localhost \
			commit -q -m "tsobench test definition" || fail "cannot make $1"
}

# lava-run's log is stderr; stdout is empty. The job's own results are in the log.
tsob_lava_run() { # JOBID JOB DEVICE OUTDIR LOG
	rm -rf "$4"
	start=$(date +%s)
	lava-run --job-id "$1" --output-dir "$4" --device "$3" "$2" 2>"$5" >/dev/null
	rc=$?
	echo "lava-run job $1: exit $rc in $(($(date +%s) - start)) s, log $5 ($(wc -l <"$5") lines)"
	return $rc
}
