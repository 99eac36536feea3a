# Tests of tsobench emu and of workloads/x86 below it: the x86-64 programs,
# emulators.conf and its parser, one cell's run and its failure modes, the
# command end to end, real QEMU (Debian's arm64 qemu-x86_64-static under
# qemu-aarch64-static, and in the patched kernel's guest through tsobench emu),
# and the barriers QEMU emits. Label emu; the guest test also has label qemu.
# See workloads/x86/README.md.

set(_emu_dir ${CMAKE_CURRENT_SOURCE_DIR}/emu)

# A helper that runs one cell through the library alone (emu.qemu_user).
add_executable(tsob-emu-cell ${_emu_dir}/emu_cell.c)
target_link_libraries(tsob-emu-cell PRIVATE tsob_emu)
if(TSOB_STATIC)
  target_link_options(tsob-emu-cell PRIVATE -static)
endif()

# Unit tests (cmocka): the parser and the shipped rows; one cell's run through
# a stub emulator (failure modes, hooks, litmus); every row's exact command.
set(_emu_defs TSOB_EMU_CONF="${CMAKE_SOURCE_DIR}/workloads/x86/emulators.conf"
              TSOB_STUB="${_emu_dir}/stub-emulator.sh")
add_executable(test_emuconf ${_emu_dir}/test_emuconf.c)
target_link_libraries(test_emuconf PRIVATE tsob_emu dep_cmocka)
target_compile_definitions(test_emuconf PRIVATE ${_emu_defs})
add_test(NAME emu.conf COMMAND test_emuconf)
set_tests_properties(emu.conf PROPERTIES LABELS emu TIMEOUT 60 SKIP_RETURN_CODE ${TSOB_SKIP})

# Without an x86-64 compiler there is no tsob-x86 (the configure said why).
if(NOT TARGET tsob-x86)
  return()
endif()
foreach(t emurun emurows)
  add_executable(test_${t} ${_emu_dir}/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE tsob_emu dep_cmocka)
  target_compile_definitions(test_${t} PRIVATE ${_emu_defs}
    TSOB_X86="$<TARGET_FILE:tsob-x86>" TSOB_X86_LITMUS="$<TARGET_FILE:tsob-x86-litmus>")
endforeach()
add_test(NAME emu.run COMMAND test_emurun)
add_test(NAME emu.rows COMMAND test_emurows)
set_tests_properties(emu.run emu.rows PROPERTIES
  LABELS emu TIMEOUT 120 SKIP_RETURN_CODE ${TSOB_SKIP})

set(_emu_work ${CMAKE_CURRENT_BINARY_DIR}/emu)
string(REPLACE ";" " " _emu_runner "${CMAKE_CROSSCOMPILING_EMULATOR}")
set(_emu_runner_args "")
foreach(w IN LISTS CMAKE_CROSSCOMPILING_EMULATOR)
  list(APPEND _emu_runner_args --emulator ${w})
endforeach()

# tsob-x86 natively gives tsobench run's operations and checksums, kernel by kernel.
add_test(NAME emu.checksums
         COMMAND ${TSOB_PYTHON3} ${_emu_dir}/checksums.py ${_emu_runner_args} $<TARGET_FILE:tsobench>
                 $<TARGET_FILE:tsob-x86> ${_emu_work}/checksums)
# Debian's arm64 qemu-x86_64-static runs every kernel under qemu-aarch64-static.
add_test(NAME emu.qemu_user
         COMMAND ${_emu_dir}/qemu-user.sh ${CMAKE_SOURCE_DIR} ${_emu_work} $<TARGET_FILE:tsob-x86>
                 $<TARGET_FILE:tsob-emu-cell> "${_emu_runner}")
set_tests_properties(emu.checksums emu.qemu_user PROPERTIES
  LABELS emu TIMEOUT 300 SKIP_RETURN_CODE ${TSOB_SKIP})

# tsobench emu itself (tests/emu/cmd.py): every shipped row's exact command
# through the stub, rows that cannot run here, bad input and failure modes,
# litmus verdicts, and the real qemu row with tsobench report over run and emu.
foreach(m rows unavailable bad litmus qemu)
  add_test(NAME emu.cmd.${m} COMMAND ${TSOB_PYTHON3} ${_emu_dir}/cmd.py ${m})
  set_tests_properties(emu.cmd.${m} PROPERTIES
    LABELS emu TIMEOUT 300 SKIP_RETURN_CODE ${TSOB_SKIP}
    ENVIRONMENT "TSOBENCH=$<TARGET_FILE:tsobench>;TSOB_RUNNER=${_emu_runner};TSOB_X86=$<TARGET_FILE:tsob-x86>;TSOB_X86_LITMUS=$<TARGET_FILE:tsob-x86-litmus>;TSOB_STUB=${_emu_dir}/stub-emulator.sh;TSOB_EMU_CONF=${CMAKE_SOURCE_DIR}/workloads/x86/emulators.conf;TSOB_SCHEMA=${CMAKE_SOURCE_DIR}/results/schema/tsobench-results.schema.json;TSOB_WORK=${_emu_work}")
endforeach()

# The barriers QEMU emits, from its own translation log (arm64 code). The same
# QEMU whichever build runs it: once, in native builds.
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME emu.barriers
           COMMAND ${_emu_dir}/barriers.sh ${CMAKE_SOURCE_DIR} ${_emu_work} $<TARGET_FILE:tsob-x86>)
  set_tests_properties(emu.barriers PROPERTIES
    LABELS emu TIMEOUT 120 SKIP_RETURN_CODE ${TSOB_SKIP})
endif()

# In the patched kernel's guest, with exact instruction counts (label qemu too:
# it boots the test kernel): tsobench emu itself, the static aarch64 build,
# from this build where it is one, else from the aarch64 preset's.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$" AND TSOB_STATIC)
  set(_emu_tsobench_a64 $<TARGET_FILE:tsobench>)
else()
  set(_emu_tsobench_a64 "${TSOB_AARCH64_TSOBENCH}") # tests/qemu.cmake declares it
endif()
add_test(NAME emu.guest
         COMMAND ${_emu_dir}/guest.sh ${CMAKE_SOURCE_DIR} ${_emu_work} $<TARGET_FILE:tsob-x86>
                 "${_emu_tsobench_a64}")
set_tests_properties(emu.guest PROPERTIES
  LABELS "emu;qemu" TIMEOUT 600 FIXTURES_REQUIRED tsob_qemu_kernel SKIP_RETURN_CODE ${TSOB_SKIP})
