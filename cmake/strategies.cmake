# The strategy table (workloads/include/tsob/strategies.def) as CMake sees it:
#   TSOB_STRATEGY_NAMES       every strategy, in table order
#   TSOB_OBJECT_STRATEGIES    those with compiled objects of their own on this
#                             processor (hwtso runs plain's; x86-64 has plain only)
# and tsob_per_strategy(), which generates one wrapper source per object
# strategy. A row that does not parse is a configure error.
set(TSOB_STRATEGIES_DEF "${CMAKE_CURRENT_LIST_DIR}/../workloads/include/tsob/strategies.def")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${TSOB_STRATEGIES_DEF}")
file(READ "${TSOB_STRATEGIES_DEF}" _def)
string(REPLACE ";" "," _def "${_def}") # "DMB ISHLD; LDR" must not split a CMake list
set(_row "TSOB_STRATEGY\\(([A-Z0-9_]+), *([a-z0-9_]+), *\"[^\"]*\", *\"[^\"]*\", *([A-Z0-9]+), *([A-Z0-9_]+), *([A-Z]+), *([01]), *([01]),")
string(REGEX MATCHALL "${_row}" _rows "${_def}")
string(REGEX MATCHALL "\nTSOB_STRATEGY\\(" _starts "${_def}")
list(LENGTH _rows _nrows)
list(LENGTH _starts _nstarts)
if(NOT _nrows EQUAL _nstarts OR _nrows EQUAL 0)
  message(FATAL_ERROR "${TSOB_STRATEGIES_DEF}: ${_nstarts} rows, ${_nrows} of them parse")
endif()

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(_arm64 ON)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(_arm64 OFF)
else()
  message(FATAL_ERROR "tsobench: unsupported processor ${CMAKE_SYSTEM_PROCESSOR}")
endif()

set(TSOB_STRATEGY_NAMES "")
set(TSOB_OBJECT_STRATEGIES "")
foreach(r IN LISTS _rows)
  string(REGEX MATCH "${_row}" _ "${r}")
  set(id "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  string(TOUPPER "${name}" upper)
  if(NOT id STREQUAL upper)
    message(FATAL_ERROR "${TSOB_STRATEGIES_DEF}: ${id} must be the name ${name} in capitals")
  endif()
  list(APPEND TSOB_STRATEGY_NAMES "${name}")
  # Objects of its own: its code is itself, and on x86-64 only where x86 is 1.
  if(CMAKE_MATCH_4 STREQUAL id AND (_arm64 OR CMAKE_MATCH_7 STREQUAL "1"))
    list(APPEND TSOB_OBJECT_STRATEGIES "${name}")
  endif()
endforeach()

# tsob_per_strategy(OUT_VAR SOURCE): one generated file <stem>.<strategy>.c per
# object strategy, defining the strategy and including SOURCE, so every object
# has its own name (<stem>.<strategy>.c.o), which the disassembly tests use.
function(tsob_per_strategy out source)
  get_filename_component(stem "${source}" NAME_WE)
  set(gen "${CMAKE_CURRENT_BINARY_DIR}/gen")
  set(files "")
  foreach(s IN LISTS TSOB_OBJECT_STRATEGIES)
    string(TOUPPER "${s}" S)
    file(CONFIGURE OUTPUT "${gen}/${stem}.${s}.c"
         CONTENT "/* Generated from ${source} for strategy ${s} (cmake/strategies.cmake). */\n#define TSOB_STRATEGY_${S}\n#include \"${source}\"\n")
    list(APPEND files "${gen}/${stem}.${s}.c")
  endforeach()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()
