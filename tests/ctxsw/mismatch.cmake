# ctxsw.fake_mismatch: with the fake prctl reporting the wrong model now and
# then (TSOB_FAKE_MEMMODEL_FLIP), the per-wake-up check must count mismatches,
# record them in the results and make tsobench exit 1.
#
# cmake -DTSOBENCH=path -DSHIM=libctxsw_fake_memmodel.so -DWORK=dir -P mismatch.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env LD_PRELOAD=${SHIM} TSOB_FAKE_MEMMODEL_FLIP=997
          ASAN_OPTIONS=verify_asan_link_order=0
          ${TSOBENCH} ctxsw --quick -q --method futex --states mixed --iterations 500 -r 3
          --check-switches 4000 --no-throughput --no-prctl --no-perf-bench
          -o ${WORK}/mismatch.json
  RESULT_VARIABLE rc OUTPUT_VARIABLE so ERROR_VARIABLE se TIMEOUT 120)
message("${so}${se}")
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "FAIL: exit ${rc}, want 1 (mismatches found)")
endif()
if(NOT se MATCHES "mismatch")
  message(FATAL_ERROR "FAIL: stderr does not report the mismatches")
endif()
file(READ ${WORK}/mismatch.json doc)
string(JSON total GET "${doc}" ctxsw mismatches)
string(JSON state GET "${doc}" ctxsw futex mixed check mismatches)
string(JSON checked GET "${doc}" ctxsw futex mixed check wakeups_checked)
# 4000 wake-ups checked, half of them on the TSO thread: every 997th GET lies.
if(NOT total GREATER 0 OR NOT state EQUAL total OR NOT checked EQUAL 4000)
  message(FATAL_ERROR "FAIL: mismatches ${total} (state ${state}), ${checked} checked")
endif()
message("PASS: ${total} mismatches in ${checked} checked wake-ups, exit 1")
