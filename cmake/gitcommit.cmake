# Which commit and branch a build is made from, for the results files' context.
# Run at every build (not only when CMake configures), so an incremental rebuild
# after a commit, a checkout or an edit never records the commit of the last
# configure. The header is rewritten only when its text changes, so an unchanged
# tree recompiles nothing.
# usage: cmake -DSRC=SOURCE_DIR -DOUT=HEADER -P gitcommit.cmake
if(NOT SRC OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DSRC=SOURCE_DIR -DOUT=HEADER -P gitcommit.cmake")
endif()
find_program(_git git)
set(_commit "")
set(_branch "")
if(_git)
  # --dirty: a build of an edited tree must not pass for the commit it started from.
  execute_process(COMMAND "${_git}" -C "${SRC}" describe --always --dirty --abbrev=12
                  OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    set(_commit "")
  endif()
  # Empty when HEAD is detached (a CI checkout): the file then records no branch.
  execute_process(COMMAND "${_git}" -C "${SRC}" symbolic-ref --short -q HEAD
                  OUTPUT_VARIABLE _branch OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(_commit STREQUAL "")
  set(_commit "unknown")
endif()
# A C string literal: git allows a double quote in a branch name.
string(REPLACE "\"" "\\\"" _branch "${_branch}")
set(_text "/* Generated at build time by cmake/gitcommit.cmake: do not edit. */\n")
string(APPEND _text "#define TSOB_GIT_COMMIT \"${_commit}\"\n")
string(APPEND _text "/* \"\": the checkout had no branch (a detached HEAD) */\n")
string(APPEND _text "#define TSOB_GIT_BRANCH \"${_branch}\"\n")
set(_old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" _old)
endif()
if(NOT _old STREQUAL _text)
  file(WRITE "${OUT}" "${_text}")
endif()
