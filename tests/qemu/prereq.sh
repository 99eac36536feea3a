# Sourced by the qemu tests: skip (exit 77), saying what is missing, on a
# machine that cannot build or boot the test kernel.
tsob_qemu_prereq() {
	tarball=${TSOB_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
	[ -f "$tarball" ] || {
		echo "SKIP: no kernel tarball $tarball (Debian package linux-source-6.12)"
		exit 77
	}
	for tool in aarch64-linux-gnu-gcc qemu-system-aarch64 flex bison bc; do
		command -v $tool >/dev/null || {
			echo "SKIP: $tool not installed (see kernel-patch/README.md)"
			exit 77
		}
	done
}
tsob_qemu_prereq
