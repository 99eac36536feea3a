# Fuzzing (libFuzzer, `fuzz` preset), replay of the corpora and crash
# regressions in every other build, and fault injection.
set(_fuzz_targets results numbers cli)
foreach(t IN LISTS _fuzz_targets)
  set(_seeds ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/seeds/${t})
  set(_regr ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/regressions/${t})
  if(TSOB_FUZZ)
    add_executable(fuzz_${t} fuzz/fuzz_${t}.c)
    target_compile_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${t} PRIVATE tsob_cli)
    # Bounded: TSOB_FUZZ_SECONDS (default 20) per target; new inputs go to the
    # build tree, never into the checked-in seeds.
    add_test(NAME fuzz.${t} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/run-fuzzer.sh
             $<TARGET_FILE:fuzz_${t}> ${CMAKE_CURRENT_BINARY_DIR}/fuzz-${t}-corpus
             ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${t}.dict ${_seeds} ${_regr})
    set_tests_properties(fuzz.${t} PROPERTIES LABELS "fuzz;reliability" TIMEOUT 3600)
  else()
    add_executable(replay_${t} fuzz/fuzz_${t}.c fuzz/replay_main.c)
    target_link_libraries(replay_${t} PRIVATE tsob_cli)
    add_test(NAME fuzz.replay.${t} COMMAND replay_${t} ${_seeds} ${_regr})
    set_tests_properties(fuzz.replay.${t} PROPERTIES LABELS "reliability")
  endif()
endforeach()

if(NOT TSOB_FUZZ)
  # One output rule for every command that writes (bench/output.h).
  foreach(t run ctxsw litmus export compare report seq emu ab history cover lava)
    add_test(NAME reliability.output.${t}
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/reliability/outputs.sh ${t})
    set_tests_properties(reliability.output.${t} PROPERTIES LABELS "reliability" TIMEOUT 120
      SKIP_RETURN_CODE ${TSOB_SKIP}
      ENVIRONMENT "TSOB_PYTHON=${TSOB_PYTHON3};TSOBENCH=$<TARGET_FILE:tsobench>;TSOB_EMU=${_emu}")
  endforeach()
  foreach(t full_disk sigterm hwtso_refused)
    add_test(NAME reliability.${t} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/reliability/faults.sh ${t})
    set_tests_properties(reliability.${t} PROPERTIES LABELS "reliability" SKIP_RETURN_CODE 77
      ENVIRONMENT "TSOB_PYTHON=${TSOB_PYTHON3};TSOBENCH=$<TARGET_FILE:tsobench>;TSOB_EMU=${_emu};TSOB_SCHEMA=${CMAKE_SOURCE_DIR}/results/schema/tsobench-results.schema.json;TSOB_CHECK=${CMAKE_CURRENT_SOURCE_DIR}/driver/check_results.py")
  endforeach()
endif()

# hwtso in the runner: refused by this kernel, and (through the user-space
# stand-in for the prctl that the ctxsw tests build) granted, or lost part-way.
add_executable(test_hwtso test_hwtso.c)
target_link_libraries(test_hwtso PRIVATE tsob_measure dep_cmocka)
if(NOT CMAKE_CROSSCOMPILING AND NOT TSOB_FUZZ)
  add_test(NAME reliability.hwtso_prctl_refused COMMAND test_hwtso)
  set_tests_properties(reliability.hwtso_prctl_refused PROPERTIES LABELS "reliability;unit"
    ENVIRONMENT "TSOB_EXPECT=refused")
  if(TARGET ctxsw_fake_memmodel)
    set(_fake "LD_PRELOAD=$<TARGET_FILE:ctxsw_fake_memmodel>;ASAN_OPTIONS=verify_asan_link_order=0")
    add_test(NAME reliability.hwtso_prctl_ok COMMAND test_hwtso)
    set_tests_properties(reliability.hwtso_prctl_ok PROPERTIES LABELS "reliability;unit"
      ENVIRONMENT "TSOB_EXPECT=ok;${_fake}")
    # Every 4th PR_GET_MEM_MODEL says default: after the confirming GET and a
    # few runs, a thread finds its TSO gone.
    add_test(NAME reliability.hwtso_prctl_partway COMMAND test_hwtso)
    set_tests_properties(reliability.hwtso_prctl_partway PROPERTIES LABELS "reliability;unit"
      ENVIRONMENT "TSOB_EXPECT=partway;TSOB_FAKE_MEMMODEL_FLIP=4;${_fake}")
  endif()
endif()
