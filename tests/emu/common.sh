# Sourced by the emu tests: the x86-64 program and a qemu-x86_64 for arm64.

# tsob_emu_static_x86 FILE: fail unless FILE is a static x86-64 program.
tsob_emu_static_x86() {
	[ -x "$1" ] || {
		echo "FAIL: no tsob-x86 at $1"
		exit 1
	}
	file -L "$1" | grep -q 'x86-64.*statically linked' || {
		echo "FAIL: $1 is not a static x86-64 program: $(file -L "$1")"
		exit 1
	}
}

# The arm64 qemu-x86_64-static (Debian's qemu-user-static), fetched once.
tsob_emu_qemu_arm64() {
	dpkg --print-architecture >/dev/null 2>&1 || {
		echo "SKIP: not a Debian system (no dpkg): Debian's arm64 qemu-user-static cannot be fetched"
		exit 77
	}
	"$1/workloads/x86/fetch-qemu-user.sh" || {
		echo "FAIL: no arm64 qemu-x86_64-static (workloads/x86/fetch-qemu-user.sh)"
		exit 1
	}
}

# The command that runs an aarch64 program here: nothing on arm64, else qemu-user.
tsob_emu_aarch64_runner() {
	case $(uname -m) in
	aarch64 | arm64) ;;
	*)
		command -v qemu-aarch64-static >/dev/null || {
			echo "SKIP: qemu-aarch64-static not installed (Debian package qemu-user-static)"
			exit 77
		}
		echo qemu-aarch64-static
		;;
	esac
}
