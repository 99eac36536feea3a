# A fresh Debian 12 machine (label fresh; ctest -L fresh).
#
# What the test scripts run must come from cmake/packages.list's sets, like what
# the build finds (cmake/packages.cmake): each program and module is asked of dpkg
# here, at configure time, on every machine that builds the tests.
#
# fresh.packages  the configure step refuses lists a fresh machine would fail with
#                 (libc6-dev left out, a library of ./run's build only in the test
#                 set, a run package nothing needs, patch left out of the test set)
# fresh.debian12  a minimal Debian 12 root (debootstrap --variant=minbase, the main,
#                 updates and security suites), a fresh clone, `./run` in it as
#                 root: it must build and write valid results files; then
#                 `./run test`'s dependency step there must install patch. Needs root
#                 and the Debian mirror; skips with the reason without them.
# Both run in the test preset (TSOB_FRESH_TESTS); fresh.debian12 takes minutes.

option(TSOB_FRESH_TESTS "Tests of a fresh Debian 12 machine (minutes, root, the Debian mirror)" OFF)

# program, package, what needs it
foreach(row
    "patch;patch;the kernel build and the series check (applying the series)"
    "flex;flex;the kernel build"
    "bison;bison;the kernel build"
    "bc;bc;the kernel build"
    "cpio;cpio;the kernel build"
    "depmod;kmod;the kernel build"
    "file;file;qemu.kernel"
    "qemu-system-aarch64;qemu-system-arm;the qemu tests"
    "perf;linux-perf;the ctxsw cross-check with perf bench"
    "debootstrap;debootstrap;fresh.debian12")
  list(GET row 0 prog)
  list(GET row 1 pkg)
  list(GET row 2 why)
  tsob_need_program(${prog} ${pkg} "${why}" OPTIONAL)
endforeach()
if(TSOB_PYTHON3)
  foreach(row
      "jsonschema;python3-jsonschema;the results checks"
      "scipy;python3-scipy;compare.py in analysis.gbench"
      "ply;python3-ply;checkpatch in kernel.series"
      "git;python3-git;checkpatch in kernel.series")
    list(GET row 0 mod)
    list(GET row 1 pkg)
    list(GET row 2 why)
    tsob_need_python_module(${TSOB_PYTHON3} ${mod} ${pkg} "${why}")
  endforeach()
endif()

if(TSOB_FRESH_TESTS AND NOT CMAKE_CROSSCOMPILING)
  add_test(NAME fresh.packages
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fresh/packages.sh ${CMAKE_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/fresh-packages)
  set_tests_properties(fresh.packages PROPERTIES LABELS fresh TIMEOUT 300
                       SKIP_RETURN_CODE ${TSOB_SKIP})

  add_test(NAME fresh.debian12
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fresh/fresh-debian.sh ${CMAKE_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/fresh-debian12)
  set_tests_properties(fresh.debian12 PROPERTIES LABELS fresh TIMEOUT 3000
    SKIP_RETURN_CODE ${TSOB_SKIP}
    ENVIRONMENT "TSOB_PYTHON=${TSOB_PYTHON3}")
endif()
