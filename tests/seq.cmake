# Tests of workloads/seq (label seq): the disassembly of every sequence (each
# u-copy function holds exactly u copies of its row's instructions), for the
# x86-64 build and the aarch64 cross build; every available sequence measured
# (under qemu-aarch64-static -cpu max when cross-compiling), and on a core
# without LRCPC and LSE the rows that need them refused, never a SIGILL.

add_executable(test_seq ${CMAKE_CURRENT_LIST_DIR}/seq/test_seq.c)
target_link_libraries(test_seq PRIVATE tsob_seq dep_cmocka m)
# The emulator (qemu-aarch64-static -cpu max) is prepended by add_test when cross-compiling.
add_test(NAME seq.run COMMAND test_seq)
set_tests_properties(seq.run PROPERTIES LABELS seq TIMEOUT 300 SKIP_RETURN_CODE ${TSOB_SKIP})

if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  find_program(TSOB_QEMU_AARCH64 qemu-aarch64-static)
  if(TSOB_QEMU_AARCH64)
    add_test(NAME seq.run.cortex-a57
             COMMAND ${TSOB_QEMU_AARCH64} -cpu cortex-a57 $<TARGET_FILE:test_seq>
                     --expect-no-lrcpc-lse)
    set_tests_properties(seq.run.cortex-a57 PROPERTIES LABELS seq TIMEOUT 300
                         SKIP_RETURN_CODE ${TSOB_SKIP})
  endif()
endif()

if(TSOB_PYTHON3)
  set(_seq_objdump "${CMAKE_OBJDUMP}")
  if(NOT _seq_objdump)
    set(_seq_objdump objdump)
  endif()
  set(_seq_check ${TSOB_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/seq/check_seq_disasm.py
                 --objdump ${_seq_objdump})
  add_test(NAME seq.disasm COMMAND ${_seq_check} $<TARGET_FILE:tsob_seq>)
  # The check itself must catch doctored listings.
  add_test(NAME seq.disasm.selftest COMMAND ${_seq_check} --selftest $<TARGET_FILE:tsob_seq>)
  set_tests_properties(seq.disasm seq.disasm.selftest PROPERTIES
                       LABELS seq TIMEOUT 120 SKIP_RETURN_CODE ${TSOB_SKIP})
endif()

# `tsobench seq`, the command: bad input, a run against the schema and the
# figures recomputed from raw readings, row selection, report and exports
# (tests/seq/cli.sh). Through qemu-aarch64-static -cpu max in cross builds.
set(_seq_env "TSOB_PYTHON=${TSOB_PYTHON3};TSOBENCH=$<TARGET_FILE:tsobench>"
    "TSOB_SCHEMA=${CMAKE_SOURCE_DIR}/results/schema/tsobench-results.schema.json"
    "TSOB_CHECK=${CMAKE_CURRENT_LIST_DIR}/seq/check_seq_results.py")
foreach(t bad_input run select report gbench)
  add_test(NAME seq.cli.${t} COMMAND ${CMAKE_CURRENT_LIST_DIR}/seq/cli.sh ${t})
  set_tests_properties(seq.cli.${t} PROPERTIES LABELS "seq;driver" TIMEOUT 300
                       SKIP_RETURN_CODE ${TSOB_SKIP} ENVIRONMENT "${_seq_env};TSOB_EMU=${_emu}")
endforeach()
set_tests_properties(seq.cli.bad_input PROPERTIES LABELS "seq;driver;reliability")
# A core without LRCPC and LSE: those rows unavailable with the reason, never a SIGILL.
if(CMAKE_CROSSCOMPILING AND TSOB_QEMU_AARCH64)
  add_test(NAME seq.cli.cortex-a57 COMMAND ${CMAKE_CURRENT_LIST_DIR}/seq/cli.sh cortex-a57)
  set_tests_properties(seq.cli.cortex-a57 PROPERTIES LABELS seq TIMEOUT 300
                       SKIP_RETURN_CODE ${TSOB_SKIP}
                       ENVIRONMENT "${_seq_env};TSOB_EMU=${TSOB_QEMU_AARCH64} -cpu cortex-a57")
endif()

# In the patched kernel under qemu-system-aarch64 -icount shift=0 (label qemu):
# `tsobench seq -e instructions` on max, neoverse-n1, cortex-a57 and a64fx; each
# row's instructions per copy exactly the table's, TSO granted on a64fx only.
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME seq.guest
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/seq/guest.sh ${CMAKE_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/qemu "${TSOB_AARCH64_TSOBENCH}")
  set_tests_properties(seq.guest PROPERTIES LABELS "seq;qemu" TIMEOUT 900
                       FIXTURES_REQUIRED tsob_qemu_kernel SKIP_RETURN_CODE ${TSOB_SKIP}
                       ENVIRONMENT "${_seq_env}")
endif()
