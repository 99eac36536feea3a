#!/usr/bin/env bash
# `./run` on a fresh Debian 12 machine: a minimal root (debootstrap --variant=minbase)
# with a standard install's main, updates and security suites, a fresh clone of this
# repository, `./run` in it as root through chroot. It must build and write valid
# results files (run, ctxsw, litmus, seq), added to the history store, without
# any test package; then `./run test`'s
# dependency step there must install what the tests need (patch among them).
#
# usage: fresh-debian.sh SOURCE_DIR WORK_DIR
# Environment:
#   TSOB_PYTHON          python3 with jsonschema, for the results checks
#   TSOB_DEBIAN_MIRROR, TSOB_DEBIAN_SECURITY  mirrors (default: this machine's, from
#                        /etc/apt/sources.list*, else deb.debian.org)
#   TSOBENCH_CACHE       where the bare minbase root is cached (/var/cache/tsobench),
#                        keyed by what makes it; a miss runs debootstrap (about a minute);
#                        and the .debs apt fetched in the root (fresh-debs/)
#   TSOB_FRESH_KEEP=1    keep the root afterwards (WORK_DIR/root); the logs are
#                        always kept (WORK_DIR/logs)
#
# The mounts (/proc, /sys, /dev) live in a private mount namespace (unshare) and are
# unmounted by a trap, also on failure; the root is removed only once nothing is
# mounted under it. Prints how long each step took.
set -euo pipefail
# debootstrap and chroot live in sbin, which a non-login PATH may lack.
export PATH=$PATH:/usr/sbin:/sbin

suite=bookworm
run_cmd=./run

skip() {
	echo "SKIP: $*"
	exit 77
}
die() {
	echo "FAIL: $*"
	exit 1
}

# Mount points under $1 in this mount namespace, deepest first.
mounts_under() {
	awk -v top="$1" '$5 == top || index($5, top "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r
}

# The same in every mount namespace still alive (each process's view): the
# private namespace's mounts live as long as any process in it.
mounts_anywhere() {
	cat /proc/[0-9]*/mountinfo 2>/dev/null |
		awk -v top="$1" '$5 == top || index($5, top "/") == 1 { print $5 }' | sort -u
}

# Nothing mounted under ROOT anywhere, once killed processes are gone (a few ms).
unmounted() { # ROOT
	local _
	for _ in $(seq 50); do
		[ -z "$(mounts_anywhere "$1")" ] && return 0
		sleep 0.1
	done
	return 1
}

unmount_all() { # ROOT
	local m
	for m in $(mounts_under "$1"); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	[ -z "$(mounts_under "$1")" ]
}

# Processes this test started in the chroot (a daemon a package started, say) go
# before the unmount: their root is the chroot.
kill_in_root() { # ROOT
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$1" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	return 0
}

# Inside the private mount namespace: mount, run the steps in the chroot, unmount.
if [ "${1:-}" = --in-namespace ]; then
	root=$2
	logs=$3
	debs=$4
	trap 'kill_in_root "$root"; unmount_all "$root" || echo "FAIL: still mounted under $root"' EXIT
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount --rbind /dev "$root/dev"
	# The .debs are kept between runs (apt checks each against the fresh index);
	# what is installed still starts from the bare root.
	mount --bind "$debs" "$root/var/cache/apt/archives"
	cp /etc/resolv.conf "$root/etc/resolv.conf"

	in_root() { # LOG COMMAND: in the chroot as a root login would, each line timed
		local t0=$SECONDS
		env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			chroot "$root" /bin/bash -c "$2" 2>&1 |
			while IFS= read -r line; do printf '%4d %s\n' $((SECONDS - t0)) "$line"; done >"$logs/$1"
	}
	installed() { # PACKAGE: installed in the root?
		# shellcheck disable=SC2016 # dpkg-query's own format
		chroot "$root" dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
	}
	# stage_time LOG FROM TO: seconds between two of ./run's "== stage" lines
	stage_time() {
		awk -v a="$2" -v b="$3" 'index($0, "== " a) { s = $1 } index($0, "== " b) { e = $1 }
			END { print (s == "" || e == "") ? "?" : e - s }' "$logs/$1"
	}

	# The sets as the clone's cmake/packages.list has them for this host.
	pkgset() { # run|test
		awk -v set="$1" -v arch="$(dpkg --print-architecture)" \
			'!/^[ \t]*(#|$)/ && $2 == set && ($3 == "any" || $3 == arch) { print $1 }' \
			"$root/root/tsobench/cmake/packages.list"
	}
	run_set=$(pkgset run)
	test_set=$(pkgset test)
	if [ -z "$run_set" ] || [ -z "$test_set" ]; then
		die "no run or test set in the clone's cmake/packages.list"
	fi
	for p in $run_set; do
		! installed "$p" ||
			die "$p is installed before ./run: the root is not fresh, or the run set lists what a minimal root has"
	done
	before=""
	for p in $test_set; do
		! installed "$p" || before="$before $p"
	done

	t=$SECONDS
	in_root run.log "cd /root/tsobench && $run_cmd; echo \"== exit \$?\"" || true
	echo "time: ./run $((SECONDS - t)) s: dependencies $(stage_time run.log dependencies 'build (native)') s," \
		"build $(stage_time run.log 'build (native)' 'tsobench run') s," \
		"run and report $(stage_time run.log 'tsobench run' 'tsobench ctxsw') s," \
		"ctxsw $(stage_time run.log 'tsobench ctxsw' 'tsobench litmus') s," \
		"litmus $(stage_time run.log 'tsobench litmus' 'exit') s"
	grep -q '== exit 0$' "$logs/run.log" || {
		tail -n 30 "$logs/run.log"
		die "'$run_cmd' failed in the fresh root (log: $logs/run.log)"
	}
	echo "ok   '$run_cmd' exited 0 in the fresh root"
	for p in $test_set; do
		case " $before " in *" $p "*) continue ;; esac
		! installed "$p" || die "./run installed the test package $p"
	done
	echo "ok   ./run installed no package of the test set (the minimal root had:${before:- none})"

	t=$SECONDS
	in_root test-deps.log "cd /root/tsobench && cmake/install-deps.sh test; echo \"== exit \$?\"" || true
	echo "time: ./run test's dependency step $((SECONDS - t)) s"
	grep -q '== exit 0$' "$logs/test-deps.log" || {
		tail -n 30 "$logs/test-deps.log"
		die "install-deps.sh test failed in the fresh root (log: $logs/test-deps.log)"
	}
	installed patch || die "install-deps.sh test did not install patch"
	for p in $run_set $test_set; do
		installed "$p" || die "install-deps.sh test did not install $p"
	done
	in_root patch.log "patch --version"
	grep -q 'GNU patch' "$logs/patch.log" ||
		die "patch does not run in the root: $(cat "$logs/patch.log")"
	echo "ok   ./run test's dependency step installed patch ($(awk 'NR == 1 { $1 = ""; print }' "$logs/patch.log" | sed 's/^ //'))"
	in_root autoclean.log "apt-get autoclean -qq" # versions the mirror no longer has
	exit 0
fi

[ $# = 2 ] || {
	echo "usage: fresh-debian.sh SOURCE_DIR WORK_DIR" >&2
	exit 2
}
src=$(cd "$1" && pwd)
work=$2
case "$work" in
*[[:space:]]*) die "the work directory must have no blanks in its path: $work" ;;
esac
mkdir -p "$work"
work=$(cd "$work" && pwd)
root=$work/root
logs=$work/logs
cache=${TSOBENCH_CACHE:-/var/cache/tsobench}
t_all=$SECONDS

# What cannot work here is a skip with the reason; anything else that fails is a failure.
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot and mounts)"
command -v debootstrap >/dev/null || skip "no debootstrap: install it (cmake/install-deps.sh test)"
"${TSOB_PYTHON:-/nonexistent}" -c 'import jsonschema' 2>/dev/null ||
	skip "no python3 with jsonschema to check the results file (cmake/install-deps.sh test)"

# The mirrors this machine's apt uses for bookworm and bookworm-security (one-line
# and deb822 sources), else Debian's own.
apt_uri() { # SUITE
	{
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++
				print $(i + 1), $i }'
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
			function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no")
				for (s in S) for (u in U) print S[s], U[u]
				types = ""; enabled = ""; delete S; delete U }
			/^[ \t]*$/ { flush(); next }
			/^Types:/ { types = $0; sub(/^Types:[ \t]*/, "", types) }
			/^Enabled:/ { enabled = $2 }
			/^URIs:/ { for (i = 2; i <= NF; i++) U[i] = $i }
			/^Suites:/ { for (i = 2; i <= NF; i++) S[i] = $i }
			END { flush() }'
	} | awk -v s="$1" '$1 == s { sub(/\/$/, "", $2); print $2; exit }'
}
mirror=${TSOB_DEBIAN_MIRROR:-$(apt_uri $suite)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${TSOB_DEBIAN_SECURITY:-$(apt_uri $suite-security)}
security=${security:-http://deb.debian.org/debian-security}
for m in "$mirror/dists/$suite/InRelease" "$security/dists/$suite-security/InRelease"; do
	wget -q -T 20 -t 2 --spider "$m" ||
		skip "no network to the Debian mirror: $m cannot be fetched (wget exit $?)"
done
echo "mirrors: $mirror, $security"

# A standard install's suites: main, updates and security (linux-source-6.12 is
# only in bookworm-security).
sources="Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"
arch=$(dpkg --print-architecture)

# The bare root: debootstrap, the sources, no package lists or .debs (as on a
# machine that never ran apt-get since its install).
make_root() { # DIR
	unshare --mount --propagation private \
		debootstrap --variant=minbase --arch="$arch" "$suite" "$1" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
		{
			tail -n 20 "$logs/debootstrap.log"
			return 1
		}
	rm -f "$1/etc/apt/sources.list"
	printf '%s' "$sources" >"$1/etc/apt/sources.list.d/debian.sources"
	rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*
	mkdir -p "$1/var/lib/apt/lists/partial"
}
# Keyed by what makes it, not by the day: debootstrap's version, the suite, the
# architecture, the mirror, the sources and make_root itself.
key=$({
	dpkg-query -W -f='debootstrap ${Version}\n' debootstrap
	echo "$suite $arch $mirror"
	printf '%s' "$sources"
	declare -f make_root
} | sha256sum | cut -c1-16)
tarball=$cache/minbase-$suite-$arch-$key.tar.gz

# A root left by an earlier run that was killed: nothing may be mounted in it
# before it is removed (the namespace died with it; this is the last guard).
[ -z "$(mounts_anywhere "$root")" ] || die "something is still mounted under $root"
rm -rf --one-file-system "$root" "$logs"
mkdir -p "$root" "$logs" "$cache"
# The root (gigabytes once the test set is in) goes also when a step fails; the
# logs stay. Never while anything is mounted under it.
cleanup() {
	kill_in_root "$root"
	if [ "${TSOB_FRESH_KEEP:-0}" != 1 ] && unmounted "$root"; then
		rm -rf --one-file-system "$root"
	fi
}
trap cleanup EXIT

t=$SECONDS
exec 9>"$cache/.minbase-$key.lock"
flock 9
if [ -f "$tarball" ]; then
	tar -xzpf "$tarball" --numeric-owner -C "$root"
	echo "time: minbase root from the cache $((SECONDS - t)) s ($tarball)"
else
	make_root "$root" || die "debootstrap failed (log: $logs/debootstrap.log)"
	echo "time: debootstrap --variant=minbase $suite $((SECONDS - t)) s (cache miss)"
	t=$SECONDS
	rm -f "$cache"/minbase-$suite-"$arch"-*.tar.gz
	tar -czpf "$tarball.tmp" --numeric-owner -C "$root" .
	mv "$tarball.tmp" "$tarball"
	echo "time: cached as $tarball in $((SECONDS - t)) s ($(du -h "$tarball" | cut -f1))"
fi
exec 9>&-

# A fresh clone: what is committed, as a new user gets it.
git clone -q "$src" "$root/root/tsobench"
echo "clone: $(git -C "$root/root/tsobench" log -1 --format='%h %s')"
[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
	echo "note: $src has uncommitted changes; the clone has only what is committed"

rc=0
debs=$cache/fresh-debs
mkdir -p "$debs/partial"
exec 9>"$cache/.fresh-debs.lock"
flock 9
unshare --mount --propagation private "$0" --in-namespace "$root" "$logs" "$debs" || rc=$?
exec 9>&-
kill_in_root "$root"
unmounted "$root" || die "mounts left under $root: $(mounts_anywhere "$root" | tr '\n' ' ')"
echo "ok   nothing is left mounted under $root"
[ $rc = 0 ] || exit 1

# What ./run wrote: the suite's three results files, each passing its checks
# (those of the clone's tests), and the report.
clone=$root/root/tsobench
one() { # PATTERN: the one results file that matches
	local f
	mapfile -t f < <(find "$clone/results" -maxdepth 1 -name "$1")
	[ ${#f[@]} = 1 ] || die "expected one results/$1, found ${#f[@]}"
	echo "${f[0]}"
}
run_json=$(one 'run-*.json') || exit 1
ctxsw_json=$(one 'ctxsw-*.json') || exit 1
litmus_json=$(one 'litmus-*.json') || exit 1
schema=$clone/results/schema/tsobench-results.schema.json
"$TSOB_PYTHON" "$clone/tests/driver/check_results.py" "$schema" "$run_json" ||
	die "$run_json is not a valid results file"
"$TSOB_PYTHON" - "$run_json" <<'PY' || die "$run_json: not every kernel ran"
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
plain = [c for c in cells if c["strategy"] == "plain"]
assert plain and all(c["status"] == "ok" for c in plain), "a plain cell is not ok"
PY
[ -s "${run_json%.json}-report/summary.md" ] || die "./run wrote no report beside $run_json"
"$TSOB_PYTHON" "$clone/tests/ctxsw/check-results.py" "$ctxsw_json" --schema "$schema" ||
	die "$ctxsw_json is not a valid ctxsw results file"
"$TSOB_PYTHON" "$clone/tests/litmus/check_results.py" "$litmus_json" ||
	die "$litmus_json is not a valid litmus results file"
seq_json=$(one 'seq-*.json') || exit 1
"$TSOB_PYTHON" "$clone/tests/seq/check_seq_results.py" "$schema" "$seq_json" ||
	die "$seq_json is not a valid seq results file"
echo "ok   ./run wrote valid results (${run_json##*/}, its report, ${ctxsw_json##*/}, ${litmus_json##*/}, ${seq_json##*/})"
# ... and added them to the history store, one run each
"$TSOB_PYTHON" - "$clone/results/history.db" "$run_json" "$ctxsw_json" "$litmus_json" "$seq_json" <<'PY' ||
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
got = sorted(r[0] for r in db.execute("SELECT command FROM runs"))
want = sorted(["run", "ctxsw", "litmus", "seq"])
assert got == want, f"history holds runs {got}, not {want}"
PY
	die "./run did not add its four files to results/history.db"
echo "ok   ./run added its four results files to results/history.db"
grep -qx 'TSOB_TESTS:BOOL=OFF' "$clone/build/native/CMakeCache.txt" ||
	die "./run's build was configured with tests"
echo "ok   ./run's build has no tests (TSOB_TESTS=OFF)"

echo "time: total $((SECONDS - t_all)) s"
