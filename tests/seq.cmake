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

# Instructions per copy from the PMU: exactly the table's count.
add_executable(seq_icount ${CMAKE_CURRENT_LIST_DIR}/seq/seq_icount.c)
target_link_libraries(seq_icount PRIVATE tsob_seq)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  target_link_options(seq_icount PRIVATE -static) # the QEMU guest has no shared libraries
endif()
# Here, on a host with a user-space instructions counter (else a skip with the reason).
add_test(NAME seq.icount.host COMMAND seq_icount)
set_tests_properties(seq.icount.host PROPERTIES LABELS seq TIMEOUT 300
                     SKIP_RETURN_CODE ${TSOB_SKIP})
# In the patched kernel under qemu-system-aarch64 -icount shift=0 (label qemu).
if(NOT CMAKE_CROSSCOMPILING)
  set(TSOB_AARCH64_SEQ_ICOUNT "${CMAKE_SOURCE_DIR}/build/aarch64/tests/seq_icount" CACHE FILEPATH
      "Static aarch64 seq_icount for seq.icount (the aarch64 preset builds it); missing: the test skips")
  add_test(NAME seq.icount
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/seq/icount.sh ${CMAKE_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/qemu "${TSOB_AARCH64_SEQ_ICOUNT}")
  set_tests_properties(seq.icount PROPERTIES LABELS "seq;qemu" TIMEOUT 900
                       FIXTURES_REQUIRED tsob_qemu_kernel SKIP_RETURN_CODE ${TSOB_SKIP})
endif()
