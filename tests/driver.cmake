# The driver end to end: bad input, a quick run against the schema, info, list, events.
set(_emu "")
if(CMAKE_CROSSCOMPILING_EMULATOR)
  list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " _emu)
endif()
foreach(t bad_input run_quick info list events csv keep_earlier interrupt paranoid)
  add_test(NAME driver.${t} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/driver/cli.sh ${t})
  set_tests_properties(driver.${t} PROPERTIES LABELS "driver" SKIP_RETURN_CODE 77
    ENVIRONMENT "TSOB_PYTHON=${TSOB_PYTHON3};TSOBENCH=$<TARGET_FILE:tsobench>;TSOB_EMU=${_emu};TSOB_SCHEMA=${CMAKE_SOURCE_DIR}/results/schema/tsobench-results.schema.json;TSOB_CHECK=${CMAKE_CURRENT_SOURCE_DIR}/driver/check_results.py;TSOB_MIN_KERNELS=12")
endforeach()
set_tests_properties(driver.bad_input driver.keep_earlier PROPERTIES LABELS "driver;reliability")
set_tests_properties(driver.interrupt PROPERTIES LABELS "driver;reliability")
# The commit and branch a results file names are the build's, taken at build time.
foreach(t script binary)
  add_test(NAME driver.git_commit.${t} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/driver/gitcommit.sh ${t})
  set_tests_properties(driver.git_commit.${t} PROPERTIES LABELS "driver" SKIP_RETURN_CODE 77
    ENVIRONMENT "TSOB_PYTHON=${TSOB_PYTHON3};TSOBENCH=$<TARGET_FILE:tsobench>;TSOB_EMU=${_emu};TSOB_CMAKE=${CMAKE_COMMAND};TSOB_SOURCE=${CMAKE_SOURCE_DIR}")
endforeach()
