# Tests that boot the patched arm64 kernel under qemu-system-aarch64 (label
# qemu; ctest -L qemu). qemu.kernel builds the kernel once (4-6 min on 2
# cores) or takes it from ${TSOBENCH_CACHE:-/var/cache/tsobench}; the others
# need it through the fixture. Each boot takes a few seconds.
# The logic lives in tests/qemu/*.sh; see kernel-patch/README.md.

set(TSOB_AARCH64_TSOBENCH "${CMAKE_SOURCE_DIR}/build/aarch64/bench/tsobench" CACHE FILEPATH
    "Static aarch64 tsobench for the qemu tests (the aarch64 preset builds it); empty or missing: those tests skip")

set(_tsob_qemu_dir ${CMAKE_CURRENT_SOURCE_DIR}/qemu)
set(_tsob_qemu_work ${CMAKE_CURRENT_BINARY_DIR}/qemu)

add_test(NAME qemu.kernel
         COMMAND ${_tsob_qemu_dir}/kernel.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(qemu.kernel PROPERTIES
  LABELS qemu
  TIMEOUT 1800
  FIXTURES_SETUP tsob_qemu_kernel
  SKIP_RETURN_CODE 77)

# The kselftest on a CPU without TSO, on the always-TSO A64FX entered at EL2
# as on hardware, and on the same A64FX entered at EL1, as a guest would be,
# where the kernel must not trust its MIDR.
foreach(system neoverse-n1 a64fx a64fx-el1)
  add_test(NAME qemu.selftest.${system}
           COMMAND ${_tsob_qemu_dir}/selftest.sh ${CMAKE_SOURCE_DIR} ${_tsob_qemu_work} ${system})
  set_tests_properties(qemu.selftest.${system} PROPERTIES
    LABELS qemu
    TIMEOUT 300
    FIXTURES_REQUIRED tsob_qemu_kernel
    SKIP_RETURN_CODE 77)
endforeach()

foreach(cpu neoverse-n1 a64fx)
  add_test(NAME qemu.tsobench.${cpu}
           COMMAND ${_tsob_qemu_dir}/tsobench.sh ${CMAKE_SOURCE_DIR} ${_tsob_qemu_work} ${cpu}
                   "${TSOB_AARCH64_TSOBENCH}")
  set_tests_properties(qemu.tsobench.${cpu} PROPERTIES
    LABELS qemu
    TIMEOUT 900
    FIXTURES_REQUIRED tsob_qemu_kernel
    SKIP_RETURN_CODE 77)
endforeach()

# The guest side of the plumbing, without a kernel: /init run under
# qemu-aarch64-static must run commands, report statuses and send files that
# extract-files.sh turns back into the same bytes.
add_test(NAME qemu.init_protocol
         COMMAND ${_tsob_qemu_dir}/init-protocol.sh ${CMAKE_SOURCE_DIR} ${_tsob_qemu_work})
set_tests_properties(qemu.init_protocol PROPERTIES
  LABELS qemu
  TIMEOUT 120
  SKIP_RETURN_CODE 77)

# The series as a maintainer takes it: every patch applies in order to
# linux-source-6.12 and checkpatch --strict from that tree reports nothing.
# The scratch tree (a whole kernel) is removed afterwards.
add_test(NAME kernel.series
         COMMAND sh -c "\"$1\"; rc=$?; rm -rf \"$TSOB_KERNEL_WORK\"; exit $rc" check-series
                 ${CMAKE_SOURCE_DIR}/kernel-patch/check-series.sh)
set_tests_properties(kernel.series PROPERTIES
  LABELS "qemu;kernel"
  TIMEOUT 600
  ENVIRONMENT "TSOB_KERNEL_WORK=${CMAKE_CURRENT_BINARY_DIR}/check-series")

# The cover letter describes the series beside it (subjects, shortlog, the
# 2024 thread, one evidence section between markers), and no patch carries a
# Signed-off-by or a MAINTAINERS change.
add_test(NAME kernel.cover_letter
         COMMAND ${CMAKE_SOURCE_DIR}/kernel-patch/check-cover-letter.sh)
set_tests_properties(kernel.cover_letter PROPERTIES
  LABELS kernel
  TIMEOUT 30)

# A counter that multiplexes is detected and reported (scaled), in the guest,
# whose PMU has fewer counters than the events asked for.
add_test(NAME qemu.multiplex
         COMMAND ${_tsob_qemu_dir}/multiplex.sh ${CMAKE_SOURCE_DIR} ${_tsob_qemu_work}
                 "${TSOB_AARCH64_TSOBENCH}")
set_tests_properties(qemu.multiplex PROPERTIES
  LABELS "qemu;reliability"
  TIMEOUT 600
  FIXTURES_REQUIRED tsob_qemu_kernel
  SKIP_RETURN_CODE 77)

# A guest started as a user would start it (no label from init, no icount):
# detection labels it emulated by itself, the PMU is reported by what it counts,
# the read path of each counter is the one really taken, and the date and host
# are the host's.
add_test(NAME qemu.truth
         COMMAND ${_tsob_qemu_dir}/truth.sh ${CMAKE_SOURCE_DIR} ${_tsob_qemu_work}
                 "${TSOB_AARCH64_TSOBENCH}")
set_tests_properties(qemu.truth PROPERTIES
  LABELS "qemu;reliability"
  TIMEOUT 600
  FIXTURES_REQUIRED tsob_qemu_kernel
  SKIP_RETURN_CODE 77)
