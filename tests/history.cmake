# History across commits: tsobench history on SQLite and on a throwaway
# PostgreSQL server (label 'history'). Store tests run on both backends; the
# PostgreSQL ones skip with the reason only where the server cannot start.
if(TSOB_PYTHON3 AND NOT CMAKE_CROSSCOMPILING AND NOT TSOB_FUZZ)
  set(_hist_both synthetic stationary fingerprint export concurrent locked readonly schema foreign
                 bad_input lab)
  set(_hist_sqlite_only corrupt real)
  set(_hist_runs "")
  foreach(t IN LISTS _hist_both _hist_sqlite_only)
    list(APPEND _hist_runs "${t}:sqlite")
  endforeach()
  if(TSOB_POSTGRES)
    # Where a package is missing, its tests skip with the reason.
    foreach(need "initdb:postgresql-15" "psql:postgresql-client-15")
      string(REPLACE ":" ";" parts "${need}")
      list(GET parts 0 prog)
      list(GET parts 1 pkg)
      if(EXISTS "/usr/lib/postgresql/15/bin/${prog}")
        tsob_need_file("/usr/lib/postgresql/15/bin/${prog}" "the history tests' PostgreSQL" PACKAGE ${pkg})
      else()
        tsob_need_package(${pkg} "the history tests' PostgreSQL")
      endif()
    endforeach()
    foreach(t IN LISTS _hist_both)
      list(APPEND _hist_runs "${t}:pg")
    endforeach()
  endif()
  foreach(entry IN LISTS _hist_runs)
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 t)
    list(GET parts 1 backend)
    add_test(NAME history.${backend}.${t}
             COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/history/history.py ${t}
                     --backend ${backend} --tsobench ${TSOBENCH} --source ${CMAKE_SOURCE_DIR}
                     --work ${CMAKE_CURRENT_BINARY_DIR}/history-work)
    set_tests_properties(history.${backend}.${t} PROPERTIES LABELS history
                         SKIP_RETURN_CODE ${TSOB_SKIP} TIMEOUT 300)
  endforeach()
  set_tests_properties(history.sqlite.locked history.sqlite.readonly history.sqlite.corrupt
                       history.sqlite.schema history.sqlite.concurrent history.sqlite.foreign
                       PROPERTIES LABELS "history;reliability")
  # Real runs time themselves, and slow themselves down with a busy loop.
  set_tests_properties(history.sqlite.real history.sqlite.export PROPERTIES RUN_SERIAL TRUE)
  if(CMAKE_C_FLAGS MATCHES "sanitize")
    set_tests_properties(history.sqlite.real PROPERTIES ENVIRONMENT "TSOB_SANITIZED=1")
  endif()
endif()
if(TSOB_PYTHON3 AND NOT TSOB_POSTGRES)
  add_test(NAME history.no_postgres
           COMMAND ${TSOB_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/history/history.py no_postgres
                   --tsobench ${TSOBENCH} --source ${CMAKE_SOURCE_DIR}
                   --work ${CMAKE_CURRENT_BINARY_DIR}/history-work)
  set_tests_properties(history.no_postgres PROPERTIES LABELS history
                       ENVIRONMENT "TSOB_EMU=${_emu}")
endif()

# The change-point benchmark over the store is not a test: tests/history/bench.py.
