# Tests of workloads/: every kernel x strategy against its reference checksum
# (under qemu-user when cross-compiling), and on aarch64 the disassembly check
# that strategies differ from plain only in their guest accesses.

add_executable(test_workloads ${CMAKE_CURRENT_LIST_DIR}/workloads/test_kernels.c)
target_link_libraries(test_workloads PRIVATE tsob_workloads dep_cmocka Threads::Threads)
# The emulator (qemu-aarch64-static -cpu max) is prepended by add_test when cross-compiling.
add_test(NAME workloads.kernels COMMAND test_workloads)
set_tests_properties(workloads.kernels PROPERTIES LABELS workloads TIMEOUT 300
                     SKIP_RETURN_CODE ${TSOB_SKIP})

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  if(CMAKE_CROSSCOMPILING)
    # A core without LRCPC and LSE: ldapr/ldapur must be skipped with their
    # reason, never run into SIGILL, and locked RMW must take the LL/SC path.
    find_program(TSOB_QEMU_AARCH64 qemu-aarch64-static)
    if(TSOB_QEMU_AARCH64)
      add_test(NAME workloads.kernels.cortex-a57
               COMMAND ${TSOB_QEMU_AARCH64} -cpu cortex-a57 $<TARGET_FILE:test_workloads>)
      set_tests_properties(workloads.kernels.cortex-a57 PROPERTIES LABELS workloads
                           TIMEOUT 300 SKIP_RETURN_CODE ${TSOB_SKIP})
    endif()
  endif()

  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_FOUND)
    set(_objdump "${CMAKE_OBJDUMP}")
    if(NOT _objdump)
      set(_objdump aarch64-linux-gnu-objdump)
    endif()
    add_test(NAME workloads.disasm
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/workloads/check_disasm.py
                     --objdump ${_objdump} $<TARGET_FILE:tsob_workloads>)
    # The check itself must catch doctored listings.
    add_test(NAME workloads.disasm.selftest
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/workloads/check_disasm.py
                     --selftest --objdump ${_objdump} $<TARGET_FILE:tsob_workloads>)
    set_tests_properties(workloads.disasm workloads.disasm.selftest PROPERTIES
                         LABELS workloads TIMEOUT 120 SKIP_RETURN_CODE ${TSOB_SKIP})
  endif()
endif()

# The strategy table is the only place a strategy is named: the schema, the
# driver's list, the README and the disassembly rules are checked against it.
add_test(NAME workloads.strategies
         COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/workloads/check_strategies.py
                 ${CMAKE_SOURCE_DIR} $<TARGET_FILE:tsobench> ${CMAKE_CROSSCOMPILING_EMULATOR})
set_tests_properties(workloads.strategies PROPERTIES LABELS workloads TIMEOUT 60)
