# tsobench litmus (label litmus; ctest -L litmus).
#
# litmus.model     the outcome table against exhaustive SC and x86-TSO machines
# litmus.harness   every test x strategy runs and counts every iteration; limits stop it
# litmus.report    a violation, plain's weak outcomes, unavailable and failed tests are
#                  reported as such (synthetic cells: no host here can produce them)
# litmus.quick     `tsobench litmus --quick` (exit 0: nothing forbidden where x86
#                  ordering is required); in the arm64 build under qemu-aarch64-static
# litmus.results   the file it wrote: every test ran, counts add up, no forbidden
#                  outcome outside plain-on-arm64; on x86-64 also SB's relaxed outcome
#                  was seen (TSO hardware: the harness catches a reordering); on arm64
#                  ldar, ldapr, ldapur and dmb all ran. --selftest: doctored copies fail.
# litmus.usage     bad command lines exit 2 with one line; a selection runs just that;
#                  SIGINT stops a run between batches and keeps its counts (exit 130)
# litmus.qemu.*    (label qemu) --quick in the patched kernel: hwtso on a64fx, ldapr on n1
# litmus.disasm    (arm64) strategies differ from plain only in their guest accesses
# Under the cross build the emulator (qemu-aarch64-static -cpu max) comes from
# CMAKE_CROSSCOMPILING_EMULATOR: add_test prepends it to target commands.

set(_litmus_dir ${CMAKE_CURRENT_SOURCE_DIR}/litmus)
set(_litmus_work ${CMAKE_CURRENT_BINARY_DIR}/litmus)
file(MAKE_DIRECTORY ${_litmus_work})
find_program(TSOB_PYTHON3 NAMES python3)

foreach(t model run)
  add_executable(test_litmus_${t} ${_litmus_dir}/test_litmus_${t}.c)
  target_link_libraries(test_litmus_${t} PRIVATE tsob_litmus dep_cmocka Threads::Threads)
endforeach()
# The report module is in the driver library.
add_executable(test_litmus_report ${_litmus_dir}/test_litmus_report.c)
target_link_libraries(test_litmus_report PRIVATE tsob_measure dep_cmocka)
add_test(NAME litmus.model COMMAND test_litmus_model)
add_test(NAME litmus.harness COMMAND test_litmus_run)
add_test(NAME litmus.report COMMAND test_litmus_report)
set_tests_properties(litmus.model litmus.harness litmus.report PROPERTIES
                     LABELS litmus TIMEOUT 300)

add_test(NAME litmus.quick COMMAND tsobench litmus --quick -q -o ${_litmus_work}/quick.json)
set_tests_properties(litmus.quick PROPERTIES LABELS litmus TIMEOUT 300
                     FIXTURES_SETUP tsob_litmus_quick)

if(TSOB_PYTHON3)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
    # Every strategy with objects of its own that promises TSO (from the table).
    set(_req ${TSOB_OBJECT_STRATEGIES})
    list(REMOVE_ITEM _req plain)
    list(JOIN _req "," _req)
    set(_litmus_expect --require ${_req})
  else()
    set(_litmus_expect --sb-relaxed)
  endif()
  add_test(NAME litmus.results
           COMMAND ${TSOB_PYTHON3} ${_litmus_dir}/check_results.py
                   ${_litmus_work}/quick.json ${_litmus_expect} --selftest)
  set_tests_properties(litmus.results PROPERTIES LABELS litmus TIMEOUT 60
                       FIXTURES_REQUIRED tsob_litmus_quick)

  add_test(NAME litmus.usage
           COMMAND ${TSOB_PYTHON3} ${_litmus_dir}/usage.py ${_litmus_work}/usage
                   $<TARGET_FILE:tsobench> ${CMAKE_CROSSCOMPILING_EMULATOR})
  set_tests_properties(litmus.usage PROPERTIES LABELS litmus TIMEOUT 300)
endif()

# In the patched kernel under qemu-system-aarch64 (label qemu, like the other
# guest tests: it needs the kernel, built once by qemu.kernel, and the static
# arm64 tsobench in TSOB_AARCH64_TSOBENCH, by default the aarch64 preset's;
# without it the test skips).
if(NOT CMAKE_CROSSCOMPILING)
  if(NOT DEFINED TSOB_AARCH64_TSOBENCH) # normally declared by tests/qemu.cmake
    set(TSOB_AARCH64_TSOBENCH "${CMAKE_SOURCE_DIR}/build/aarch64/bench/tsobench")
  endif()
  foreach(cpu neoverse-n1 a64fx)
    add_test(NAME litmus.qemu.${cpu}
             COMMAND ${_litmus_dir}/qemu.sh ${CMAKE_SOURCE_DIR} ${_litmus_work} ${cpu}
                     "${TSOB_AARCH64_TSOBENCH}")
    set_tests_properties(litmus.qemu.${cpu} PROPERTIES
      LABELS qemu
      TIMEOUT 900
      FIXTURES_REQUIRED tsob_qemu_kernel
      SKIP_RETURN_CODE ${TSOB_SKIP})
  endforeach()
endif()

# arm64: the litmus threads differ between strategies only in their guest
# accesses, each exactly the sequence its strategy prescribes (the kernels'
# disassembly check, run on the litmus objects threads.<strategy>.c.o).
if(TSOB_PYTHON3 AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(_litmus_objdump "${CMAKE_OBJDUMP}")
  if(NOT _litmus_objdump)
    set(_litmus_objdump aarch64-linux-gnu-objdump)
  endif()
  add_test(NAME litmus.disasm
           COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/workloads/check_disasm.py
                   --objdump ${_litmus_objdump} $<TARGET_FILE:tsob_litmus>)
  set_tests_properties(litmus.disasm PROPERTIES LABELS litmus TIMEOUT 120
                       SKIP_RETURN_CODE ${TSOB_SKIP})
endif()
