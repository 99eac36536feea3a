# tsobench in a LAVA lab (label lava; ctest -L lava): `tsobench lava job`'s
# templates against Debian's lava-dispatcher and lava-server's device types,
# a real lava-run job of the QEMU template on the patched test kernel collected
# into a throwaway history, and the ways a job and its log go wrong. The logic
# lives in tests/lava/*.sh; see lava/README.md. About 13 s with -j2 and the
# kernel cached. LAVA runs on the build host only: no cross build.
if(CMAKE_CROSSCOMPILING)
  return()
endif()

# What the lava tests run: from cmake/packages.list's test set.
foreach(row
    "lava-run;lava-dispatcher;the lava tests (lava-run)"
    "mkimage;u-boot-tools;lava.validate (a U-Boot board job)"
    "telnet;inetutils-telnet;lava.validate (a board's console command)"
    "ssh-keygen;openssh-client;lava.setup (the SSH device's key)")
  list(GET row 0 prog)
  list(GET row 1 pkg)
  list(GET row 2 why)
  tsob_need_program(${prog} ${pkg} "${why}" OPTIONAL)
endforeach()
if(TSOB_PYTHON3)
  foreach(row
      "lava_common;lava-common;the lava tests (LAVA's schemas)"
      "jinja2;python3-jinja2;lava/render-device.py"
      "yaml;python3-yaml;lava/render-device.py and the lava tests")
    list(GET row 0 mod)
    list(GET row 1 pkg)
    list(GET row 2 why)
    tsob_need_python_module(${TSOB_PYTHON3} ${mod} ${pkg} "${why}")
  endforeach()
endif()

set(_lava_dir ${CMAKE_CURRENT_SOURCE_DIR}/lava)
set(_lava_args ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/lava ${TSOBENCH})

function(tsob_lava_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "COMMAND;LABELS;SETUP;REQUIRES;LOCK" ${ARGN})
  add_test(NAME lava.${name} COMMAND ${T_COMMAND})
  set_tests_properties(lava.${name} PROPERTIES
    LABELS "lava;${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    SKIP_RETURN_CODE ${TSOB_SKIP})
  foreach(prop SETUP:FIXTURES_SETUP REQUIRES:FIXTURES_REQUIRED LOCK:RESOURCE_LOCK)
    string(REPLACE ":" ";" parts "${prop}")
    list(GET parts 0 arg)
    list(GET parts 1 ctest_prop)
    if(T_${arg})
      set_tests_properties(lava.${name} PROPERTIES ${ctest_prop} "${T_${arg}}")
    endif()
  endforeach()
endfunction()

# Device types and busybox unpacked from Debian's packages (cached), the test
# definition checked against LAVA's schema, board and SSH devices rendered.
tsob_lava_test(setup TIMEOUT 300 SETUP tsob_lava
  COMMAND ${_lava_dir}/setup.sh ${_lava_args})

# A job from every template: strict schema and `lava-run --validate` against
# rendered devices (QEMU on neoverse-n1 and a64fx at EL2, a U-Boot board, an
# SSH host); the board's validation needs /etc/default/tftpd-hpa, made for the
# test only.
tsob_lava_test(validate TIMEOUT 120 REQUIRES tsob_lava LOCK tftpd_hpa_conf
  COMMAND ${_lava_dir}/validate.sh ${_lava_args})

# Broken templates and bad values: one line, exit 2, no file replaced.
tsob_lava_test(template_errors TIMEOUT 60
  COMMAND ${_lava_dir}/template-errors.sh ${_lava_args})

# The device script on a full distribution (dash, coreutils) with this host's
# tsobench: its test cases are the cells, its block decodes with coreutils.
tsob_lava_test(script_debian TIMEOUT 120
  COMMAND ${_lava_dir}/script-debian.sh ${_lava_args})

# The real thing: lava-run of a job from the qemu template on the patched
# kernel, busybox ramdisk and the static aarch64 tsobench laid over it; the log
# collected into a throwaway history, checked against the log's test cases.
tsob_lava_test(qemu TIMEOUT 600 LABELS qemu SETUP tsob_lava_log
  REQUIRES "tsob_lava;tsob_qemu_kernel"
  COMMAND ${_lava_dir}/qemu.sh ${_lava_args} "${TSOB_AARCH64_TSOBENCH}")

# The always-TSO A64FX model, entered at EL2 as on hardware: hwtso runs there.
tsob_lava_test(qemu_a64fx TIMEOUT 600 LABELS qemu REQUIRES "tsob_lava;tsob_qemu_kernel"
  COMMAND ${_lava_dir}/qemu.sh ${_lava_args} "${TSOB_AARCH64_TSOBENCH}" a64fx)

# That log, damaged as logs get damaged: each a clear error, nothing of that
# job in the history, what came back whole before the damage restored.
foreach(mode missing corrupt truncated cut_record overwrite mismatch sequence failed_case
             server_log not_a_log)
  tsob_lava_test(collect.${mode} TIMEOUT 60 LABELS qemu REQUIRES tsob_lava_log
    COMMAND ${_lava_dir}/collect-errors.sh ${_lava_args} ${mode})
endforeach()

# A job whose test outlives its timeout: LAVA fails it, collect says so.
tsob_lava_test(timeout TIMEOUT 600 LABELS qemu
  REQUIRES "tsob_lava;tsob_qemu_kernel"
  COMMAND ${_lava_dir}/qemu.sh ${_lava_args} "${TSOB_AARCH64_TSOBENCH}" timeout)
