# Analysis: tsobench report, compare and export (label 'analysis').
# Statistics as a cmocka unit test; the commands end to end through
# tests/analysis/e2e.py, on synthetic fixtures (tests/analysis/make_fixture.py,
# labelled SYNTHETIC) and on real runs and results/reference/.

add_executable(test_verdict ${CMAKE_CURRENT_SOURCE_DIR}/analysis/test_verdict.c)
target_link_libraries(test_verdict PRIVATE tsob_analysis dep_cmocka)
add_test(NAME analysis.statistics COMMAND test_verdict)
set_tests_properties(analysis.statistics PROPERTIES LABELS analysis TIMEOUT 60)


find_program(TSOB_PYTHON3 NAMES python3)
if(TSOB_PYTHON3)
  foreach(t report_synthetic report_emulated report_real report_ctxsw compare_regression compare_aa
            compare_refuse bad_input gbench csv)
    add_test(NAME analysis.${t}
             COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/analysis/e2e.py ${t}
                     --tsobench ${TSOBENCH}
                     --source ${CMAKE_SOURCE_DIR}
                     --work ${CMAKE_CURRENT_BINARY_DIR}/analysis-work)
    set_tests_properties(analysis.${t} PROPERTIES LABELS analysis
                         SKIP_RETURN_CODE ${TSOB_SKIP} TIMEOUT 120
                         ENVIRONMENT "TSOB_EMU=${_emu}")
  endforeach()
  # Real runs time themselves: keep them off each other's cores.
  set_tests_properties(analysis.report_real analysis.compare_aa analysis.report_ctxsw
                       PROPERTIES RUN_SERIAL TRUE)
endif()

# Change-point detection for 'tsobench history check', built from its own
# sources with libm only: a file under analysis/changepoint* that reached into
# bench/ would not compile here.
file(GLOB _cp_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/analysis/changepoint*.c)
foreach(t test_changepoint bench_changepoint)
  add_executable(${t} ${CMAKE_CURRENT_SOURCE_DIR}/analysis/${t}.c ${_cp_sources})
  target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/analysis)
  target_link_libraries(${t} PRIVATE m)
endforeach()
target_link_libraries(test_changepoint PRIVATE dep_cmocka)
add_test(NAME analysis.changepoint COMMAND test_changepoint)
set_tests_properties(analysis.changepoint PROPERTIES LABELS analysis TIMEOUT 60)

# Results files written before a change read the same after it: what tsobench
# makes of results/reference/ equals what the tsobench before the redesign made.
add_test(NAME analysis.golden
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/check.sh ${CMAKE_SOURCE_DIR} ${TSOBENCH}
                 ${CMAKE_CURRENT_BINARY_DIR}/golden-work)
set_tests_properties(analysis.golden PROPERTIES LABELS analysis TIMEOUT 120
                     ENVIRONMENT "TSOB_EMU=${_emu};TSOB_PYTHON=${TSOB_PYTHON3}")

# The cover letter's evidence section (kernel-patch/cover-letter/EVIDENCE.md):
# the QEMU reference results, SYNTHETIC native files for every kernel label,
# the letter in the tree kept in step with results/reference/, and bad input.
foreach(t qemu native sync refuse)
  add_test(NAME analysis.cover_${t}
           COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/analysis/cover.py ${t}
                   --tsobench ${TSOBENCH} --source ${CMAKE_SOURCE_DIR}
                   --work ${CMAKE_CURRENT_BINARY_DIR}/cover-work)
  set_tests_properties(analysis.cover_${t} PROPERTIES LABELS analysis TIMEOUT 120
                       ENVIRONMENT "TSOB_EMU=${_emu}")
endforeach()
