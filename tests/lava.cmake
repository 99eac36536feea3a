# Tests of the LAVA support (label lava; ctest -L lava): bench/lava's modules
# through a small test program (lava_tool, standing where `tsobench lava
# job|collect` will), the test definition and the job templates against
# Debian's lava-dispatcher and lava-server's device types, and real lava-run
# jobs of the QEMU template on the patched test kernel. The logic lives in
# tests/lava/*.sh; see lava/README.md. About 20 s with the kernel cached.
#
# The dispatcher side runs on the build host only: no cross build.
if(CMAKE_CROSSCOMPILING)
  return()
endif()
if(NOT TARGET tsob_lava)
  add_subdirectory(${CMAKE_SOURCE_DIR}/bench/lava ${CMAKE_BINARY_DIR}/bench/lava)
endif()

set(_lava_dir ${CMAKE_CURRENT_SOURCE_DIR}/lava)
set(_lava_work ${CMAKE_CURRENT_BINARY_DIR}/lava)

if(NOT TARGET tsob_lava)
  # bench/lava/CMakeLists.txt said which library is missing.
  add_test(NAME lava.modules COMMAND sh -c "echo 'SKIP: ${TSOB_LAVA_MISSING} not installed (cmake/install-deps.sh test)'; exit 77")
  set_tests_properties(lava.modules PROPERTIES LABELS lava SKIP_RETURN_CODE 77)
  return()
endif()

add_executable(lava_tool lava/lava_tool.c)
target_link_libraries(lava_tool PRIVATE tsob_lava)
# The device script's fallback for listing cells, built for this host.
add_executable(tsobench-cells lava/cells_main.c)
target_link_libraries(tsobench-cells PRIVATE tsob_lava)

function(tsob_lava_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "COMMAND;LABELS;SETUP;REQUIRES;LOCK" ${ARGN})
  add_test(NAME lava.${name} COMMAND ${T_COMMAND})
  set_tests_properties(lava.${name} PROPERTIES
    LABELS "lava;${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    SKIP_RETURN_CODE 77)
  if(T_SETUP)
    set_tests_properties(lava.${name} PROPERTIES FIXTURES_SETUP "${T_SETUP}")
  endif()
  if(T_REQUIRES)
    set_tests_properties(lava.${name} PROPERTIES FIXTURES_REQUIRED "${T_REQUIRES}")
  endif()
  if(T_LOCK)
    set_tests_properties(lava.${name} PROPERTIES RESOURCE_LOCK "${T_LOCK}")
  endif()
endfunction()

set(_lava_args ${CMAKE_SOURCE_DIR} ${_lava_work} $<TARGET_FILE:lava_tool>)

# Device types and busybox unpacked from Debian's packages (cached), the
# test definition checked against LAVA's schema, board and SSH devices rendered.
tsob_lava_test(setup TIMEOUT 300 SETUP tsob_lava
  COMMAND ${_lava_dir}/setup.sh ${CMAKE_SOURCE_DIR} ${_lava_work})

# Jobs from every template: strict schema and `lava-run --validate` against
# rendered devices (QEMU on two CPU models, a U-Boot board, an SSH host); the
# board's validation needs /etc/default/tftpd-hpa, made for the test only.
tsob_lava_test(validate TIMEOUT 120 REQUIRES tsob_lava LOCK tftpd_hpa_conf
  COMMAND ${_lava_dir}/validate.sh ${_lava_args})

# Broken templates and bad parameters: one line, exit 2, no file replaced.
tsob_lava_test(template_errors TIMEOUT 60
  COMMAND ${_lava_dir}/template-errors.sh ${_lava_args})

# The device script on a full distribution (dash, coreutils) with this host's
# tsobench: its test cases match the cells, its blocks decode with coreutils.
tsob_lava_test(script_debian TIMEOUT 120
  COMMAND ${_lava_dir}/script-debian.sh ${_lava_args} $<TARGET_FILE:tsobench>
          $<TARGET_FILE:tsobench-cells>)

# The real thing: lava-run of a job from the qemu template on the patched
# kernel, busybox ramdisk and the static aarch64 tsobench laid over it; the
# log collected, the files and test cases checked against each other.
tsob_lava_test(qemu TIMEOUT 600 LABELS qemu SETUP tsob_lava_log
  REQUIRES "tsob_lava;tsob_qemu_kernel"
  COMMAND ${_lava_dir}/qemu.sh ${_lava_args} "${TSOB_AARCH64_TSOBENCH}")

# That log, damaged as logs get damaged: each a clear error, what came back
# before the damage kept.
foreach(mode missing corrupt truncated cut_record overwrite server_log)
  tsob_lava_test(collect.${mode} TIMEOUT 60 LABELS qemu REQUIRES tsob_lava_log
    COMMAND ${_lava_dir}/collect-errors.sh ${_lava_args} ${mode})
endforeach()

# A job whose test outlives its timeout: LAVA fails it, collect says so.
tsob_lava_test(timeout TIMEOUT 600 LABELS qemu
  REQUIRES "tsob_lava;tsob_qemu_kernel"
  COMMAND ${_lava_dir}/qemu.sh ${_lava_args} "${TSOB_AARCH64_TSOBENCH}" timeout)
