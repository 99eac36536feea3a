# Comparing builds and runs: run --order/--runs/--precision, ab, calibrate and
# the README's CI recipe (label 'ab'), end to end through tests/ab/ab.py.
# The statistics behind them are the unit test unit.paired (tests/test_paired.c).
if(TSOB_PYTHON3 AND NOT TSOB_FUZZ)
  set(_ab_tests run_order run_runs run_precision run_interrupt run_bad_input ab_aa ab_duet ab_bad_input
                ab_crash ab_schema ab_interrupt calibrate)
  # Two real builds: only where this build is a plain one of this host (a
  # sanitized BASE against a plain HEAD would compare the sanitizer).
  if(NOT CMAKE_CROSSCOMPILING AND NOT CMAKE_C_FLAGS MATCHES "sanitize")
    list(APPEND _ab_tests ci_recipe)
  endif()
  foreach(t IN LISTS _ab_tests)
    add_test(NAME ab.${t}
             COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/ab/ab.py ${t}
                     --tsobench ${TSOBENCH} --source ${CMAKE_SOURCE_DIR}
                     --work ${CMAKE_CURRENT_BINARY_DIR}/ab-work)
    set_tests_properties(ab.${t} PROPERTIES LABELS ab SKIP_RETURN_CODE ${TSOB_SKIP} TIMEOUT 300
                         ENVIRONMENT "TSOB_EMU=${_emu}")
  endforeach()
  # They time real processes, and ci_recipe builds: one at a time.
  set_tests_properties(ab.ab_duet ab.ab_interrupt ab.run_interrupt ab.calibrate
                       PROPERTIES RUN_SERIAL TRUE)
  if(ci_recipe IN_LIST _ab_tests)
    set_tests_properties(ab.ci_recipe PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)
  endif()
endif()
