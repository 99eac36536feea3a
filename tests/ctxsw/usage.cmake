# ctxsw.usage: bad command lines exit 2 with exactly one line on stderr that
# names the problem, and write no results; --help exits 0.
#
# cmake -DTSOBENCH=path [-DEMULATOR=qemu-aarch64-static;-cpu;max] -DWORK=dir -P usage.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(out "${WORK}/must-not-exist.json")
set(failures 0)

# Each case: the arguments (|-separated) and a word the error line must contain.
set(cases
  "--bogus|unknown option"
  "--method|needs a value"
  "--method|spin|unknown method"
  "--states|default,tsox|unknown state"
  "--states|,|empty"
  "--states|default,,tso|empty"
  "--method|futex,|empty"
  "-e|task-clock,|empty"
  "-r|0|out of range"
  "-r|ten|not a number"
  "--iterations|0|out of range"
  "--check-switches|-1|not a number"
  "--cpu|99999|out of range"
  "--cpu|1000|no such CPU"
  "--seconds|0|--seconds"
  "-e|no-such-event-anywhere|unknown event"
  "stray|unexpected argument"
)

foreach(case IN LISTS cases)
  string(REPLACE "|" ";" argv "${case}")
  list(POP_BACK argv want)
  execute_process(
    COMMAND ${EMULATOR} ${TSOBENCH} ctxsw -o ${out} --quick ${argv}
    RESULT_VARIABLE rc OUTPUT_VARIABLE so ERROR_VARIABLE se TIMEOUT 60)
  string(REGEX REPLACE "\n$" "" se1 "${se}")
  string(FIND "${se1}" "\n" nl)
  string(FIND "${se1}" "${want}" hit)
  if(NOT rc EQUAL 2)
    message("FAIL: ctxsw ${argv}: exit ${rc}, want 2 (stderr: ${se})")
    math(EXPR failures "${failures} + 1")
  elseif(NOT nl EQUAL -1 OR NOT se1 MATCHES "^tsobench: ")
    message("FAIL: ctxsw ${argv}: stderr is not one 'tsobench: ' line: ${se}")
    math(EXPR failures "${failures} + 1")
  elseif(hit EQUAL -1)
    message("FAIL: ctxsw ${argv}: error does not mention '${want}': ${se1}")
    math(EXPR failures "${failures} + 1")
  elseif(EXISTS "${out}")
    message("FAIL: ctxsw ${argv}: wrote ${out} despite the usage error")
    math(EXPR failures "${failures} + 1")
  else()
    message("ok: ctxsw ${argv} -> ${se1}")
  endif()
endforeach()

execute_process(COMMAND ${EMULATOR} ${TSOBENCH} ctxsw --help
                RESULT_VARIABLE rc OUTPUT_VARIABLE so ERROR_VARIABLE se TIMEOUT 60)
if(NOT rc EQUAL 0 OR NOT so MATCHES "usage: tsobench ctxsw" OR NOT se STREQUAL "")
  message("FAIL: ctxsw --help: exit ${rc}, stdout '${so}', stderr '${se}'")
  math(EXPR failures "${failures} + 1")
endif()

if(failures)
  message(FATAL_ERROR "${failures} case(s) failed")
endif()
message("PASS")
