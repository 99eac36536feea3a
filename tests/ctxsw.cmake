# tsobench ctxsw (label ctxsw; ctest -L ctxsw). Structure and correctness only:
# no test asserts a speed.
#
# ctxsw.quick runs `tsobench ctxsw --quick` (in the arm64 build, under
# qemu-aarch64-static through CMAKE_CROSSCOMPILING_EMULATOR); ctxsw.results
# checks the file it wrote (tests/ctxsw/check-results.py); ctxsw.usage checks
# that bad command lines exit 2 with one line. ctxsw.qemu.a64fx (label qemu)
# runs ctxsw in the patched kernel on the always-TSO CPU model.

set(_ctxsw_dir ${CMAKE_CURRENT_SOURCE_DIR}/ctxsw)
set(_ctxsw_work ${CMAKE_CURRENT_BINARY_DIR}/ctxsw)
set(_ctxsw_schema ${CMAKE_SOURCE_DIR}/results/schema/tsobench-results.schema.json)
file(MAKE_DIRECTORY ${_ctxsw_work})
find_program(TSOB_PYTHON3 NAMES python3)

add_test(NAME ctxsw.quick
         COMMAND tsobench ctxsw --quick -q -o ${_ctxsw_work}/quick.json)
set_tests_properties(ctxsw.quick PROPERTIES
  LABELS ctxsw
  TIMEOUT 120
  FIXTURES_SETUP tsob_ctxsw_quick)

if(TSOB_PYTHON3)
  add_test(NAME ctxsw.results
           COMMAND ${TSOB_PYTHON3} ${_ctxsw_dir}/check-results.py ${_ctxsw_work}/quick.json
                   --schema ${_ctxsw_schema} --perf-if-works)
  set_tests_properties(ctxsw.results PROPERTIES
    LABELS ctxsw
    TIMEOUT 60
    FIXTURES_REQUIRED tsob_ctxsw_quick)
endif()

add_test(NAME ctxsw.usage
         COMMAND ${CMAKE_COMMAND} -DTSOBENCH=${TSOBENCH}
                 "-DEMULATOR=${CMAKE_CROSSCOMPILING_EMULATOR}"
                 -DWORK=${_ctxsw_work}/usage -P ${_ctxsw_dir}/usage.cmake)
set_tests_properties(ctxsw.usage PROPERTIES LABELS ctxsw TIMEOUT 120)

# The patched kernel boots only from the host build; the guest binary is the
# static arm64 one (TSOB_AARCH64_TSOBENCH, declared with the other qemu tests).
if(NOT CMAKE_CROSSCOMPILING)
  set(TSOB_AARCH64_TSOBENCH "" CACHE FILEPATH
      "Static aarch64 tsobench for the qemu tests (build/aarch64/bench/tsobench from the aarch64 preset); unset: those tests skip")
  add_test(NAME ctxsw.qemu.a64fx
           COMMAND ${_ctxsw_dir}/qemu.sh ${CMAKE_SOURCE_DIR} ${_ctxsw_work}
                   "${TSOB_AARCH64_TSOBENCH}")
  set_tests_properties(ctxsw.qemu.a64fx PROPERTIES
    LABELS qemu
    TIMEOUT 1500
    FIXTURES_REQUIRED tsob_qemu_kernel
    SKIP_RETURN_CODE ${TSOB_SKIP})
endif()

# A user-space stand-in for the prctl (tests/ctxsw/fake_memmodel.c) runs the
# TSO states and the per-wake-up check on a kernel without it. Host build
# only: the arm64 tsobench is static and takes no LD_PRELOAD.
if(NOT CMAKE_CROSSCOMPILING AND NOT TSOB_STATIC)
  add_library(ctxsw_fake_memmodel SHARED ${_ctxsw_dir}/fake_memmodel.c)
  target_include_directories(ctxsw_fake_memmodel PRIVATE ${CMAKE_SOURCE_DIR}/bench/measure
                             ${CMAKE_SOURCE_DIR}/workloads/include)
  target_link_libraries(ctxsw_fake_memmodel PRIVATE ${CMAKE_DL_LIBS})

  add_test(NAME ctxsw.fake_tso
           COMMAND tsobench ctxsw --quick -q --iterations 500 -r 3 --check-switches 4000
                   --seconds 0.05 --no-perf-bench -o ${_ctxsw_work}/fake.json)
  set_tests_properties(ctxsw.fake_tso PROPERTIES
    LABELS ctxsw
    TIMEOUT 120
    # The sanitizer builds: a preloaded library comes before ASan's runtime.
    ENVIRONMENT "LD_PRELOAD=$<TARGET_FILE:ctxsw_fake_memmodel>;ASAN_OPTIONS=verify_asan_link_order=0"
    FIXTURES_SETUP tsob_ctxsw_fake)
  if(TSOB_PYTHON3)
    add_test(NAME ctxsw.fake_tso.results
             COMMAND ${TSOB_PYTHON3} ${_ctxsw_dir}/check-results.py ${_ctxsw_work}/fake.json
                     --schema ${_ctxsw_schema} --all-states --min-checked 4000)
    set_tests_properties(ctxsw.fake_tso.results PROPERTIES
      LABELS ctxsw
      TIMEOUT 60
      FIXTURES_REQUIRED tsob_ctxsw_fake)
  endif()

  add_test(NAME ctxsw.fake_mismatch
           COMMAND ${CMAKE_COMMAND} -DTSOBENCH=${TSOBENCH}
                   -DSHIM=$<TARGET_FILE:ctxsw_fake_memmodel>
                   -DWORK=${_ctxsw_work}/mismatch -P ${_ctxsw_dir}/mismatch.cmake)
  set_tests_properties(ctxsw.fake_mismatch PROPERTIES LABELS ctxsw TIMEOUT 120)
endif()
