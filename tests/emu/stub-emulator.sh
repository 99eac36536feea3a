#!/bin/sh
# A stand-in for an x86-64 emulator, for the tests of workloads/x86: it is
# called as "{emulator} {prog} {args}" and behaves as TSOB_STUB_MODE says.
#   record (default)  write its argv, environment and seccomp status to
#                     $TSOB_STUB_LOG (or to a file of its own, PID.log, in the
#                     directory $TSOB_STUB_LOG_DIR), then run the program as a
#                     real emulator would
#   crash | hang | exit1 | early | partial | garbage | badsum | lying | foreign
#   | violations      fail in one way (see below)
#   litmus-forbidden | litmus-badtotal   print a litmus run with a forbidden
#                     outcome, or one whose totals do not add up
# "--version" prints a version line ($TSOB_STUB_VERSION_ON=stderr: on stderr).
set -u
if [ "${1:-}" = --version ]; then
	if [ "${TSOB_STUB_VERSION_ON:-}" = stderr ]; then
		echo "stub-emulator 2.0 (on stderr)" >&2
	else
		echo "stub-emulator 1.0"
		echo "a second line that is not the version"
	fi
	exit 0
fi
prog=$1
shift
# The start line tsob-x86 would print for "KERNEL SIZE THREADS WARMUP REPEAT".
start() {
	printf 'tsob-x86 v1 start t_ns=1 kernel=%s unit=byte size=%s threads=%s warmup=%s repeat=%s ops=%s sync=%s\n' \
		"$1" "$2" "$3" "$4" "$5" "$2" "$([ "${6:-}" = sync ] && echo 1 || echo 0)"
}
case ${TSOB_STUB_MODE:-record} in
record)
	log=${TSOB_STUB_LOG_DIR:+$TSOB_STUB_LOG_DIR/$$.log}
	{
		for a in "$0" "$prog" "$@"; do printf 'argv %s\n' "$a"; done
		env | LC_ALL=C sort | sed 's/^/env /'
		sed -n 's/^Seccomp:[[:space:]]*/seccomp /p' /proc/self/status
	} >"${log:-${TSOB_STUB_LOG:?}}"
	exec "$prog" "$@"
	;;
crash)
	start "$@"
	kill -SEGV $$
	;;
hang)
	start "$@"
	exec sleep 60
	;;
exit1)
	echo "stub: the emulator could not load the program" >&2
	exit 1
	;;
early)
	start "$@"
	exit 0
	;;
partial)
	start "$@"
	printf 'tsob-x86 v1 rep=0 wall_ns='
	exit 0
	;;
garbage)
	echo "Box64 with Dynarec v0.4.5 (a banner on stdout)"
	exec "$prog" "$@"
	;;
badsum)
	start "$@"
	echo "tsob-x86 v1 rep=0 wall_ns=5 ops=$2 checksum=0x0000000000000bad expected=0x0000000000000001 violations=0 ok=0"
	echo "tsob-x86 v1 end reps=0 ok=0"
	echo "tsob-x86: copy8 rep 0: checksum 0000000000000bad, reference 0000000000000001" >&2
	exit 1
	;;
violations)
	# A multi-threaded kernel whose messages were reordered, as tsob-x86 reports it.
	start "$@"
	echo "tsob-x86 v1 rep=0 wall_ns=5 ops=$2 checksum=0x0000000000000bad expected=0x0000000000000001 violations=3 ok=0"
	echo "tsob-x86 v1 end reps=0 ok=0"
	echo "tsob-x86: rep 0: 3 ordering violations" >&2
	exit 1
	;;
lying)
	start "$@"
	echo "tsob-x86 v1 rep=0 wall_ns=5 ops=$2 checksum=0x0000000000000bad expected=0x0000000000000001 violations=0 ok=1"
	echo "tsob-x86 v1 end reps=1 ok=1"
	;;
foreign)
	# Agrees with itself, not with the host's reference.
	start "$@"
	echo "tsob-x86 v1 rep=0 wall_ns=5 ops=$2 checksum=0x0000000000000bad expected=0x0000000000000bad violations=0 ok=1"
	echo "tsob-x86 v1 end reps=1 ok=1"
	;;
litmus-forbidden | litmus-badtotal)
	n=5
	[ "$TSOB_STUB_MODE" = litmus-badtotal ] && n=6
	echo "tsob-x86-litmus v1 start t_ns=1 tests=1 iterations=10 seed=1"
	echo "tsob-x86-litmus v1 outcome test=MP key=0 r0=0 r1=0 class=sc count=3"
	echo "tsob-x86-litmus v1 outcome test=MP key=4 r0=0 r1=1 class=sc count=0"
	echo "tsob-x86-litmus v1 outcome test=MP key=1 r0=1 r1=0 class=forbidden count=2"
	echo "tsob-x86-litmus v1 outcome test=MP key=5 r0=1 r1=1 class=sc count=$n"
	echo "tsob-x86-litmus v1 test=MP iterations=10 forbidden=2 relaxed=0 time_shared=0 ok=0"
	echo "tsob-x86-litmus v1 end tests=1 forbidden=2 ok=0"
	echo "tsob-x86-litmus: 2 forbidden outcomes" >&2
	exit 1
	;;
*)
	echo "stub: unknown TSOB_STUB_MODE $TSOB_STUB_MODE" >&2
	exit 3
	;;
esac
