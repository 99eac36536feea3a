# libperf (and libapi, which it needs) built from the pinned kernel source tarball.
set(TSOB_LINUX_SOURCE "/usr/src/linux-source-6.12.tar.xz" CACHE FILEPATH
    "Debian linux-source-6.12 tarball that libperf is built from")
if(NOT EXISTS "${TSOB_LINUX_SOURCE}")
  message(FATAL_ERROR "${TSOB_LINUX_SOURCE} is missing: install the Debian package "
                      "linux-source-6.12 (apt-get install linux-source-6.12)")
endif()
tsob_need_file("${TSOB_LINUX_SOURCE}" "libperf's source" PACKAGE linux-source-6.12)
tsob_need_program(make make "libperf's Makefile")
tsob_need_program(xz xz-utils "unpacking linux-source-6.12")

set(_lp "${CMAKE_BINARY_DIR}/libperf")
set(_cross "")
if(CMAKE_CROSSCOMPILING)
  string(REGEX REPLACE "gcc$" "" _cross "${CMAKE_C_COMPILER}")
  get_filename_component(_cross "${_cross}" NAME)
endif()
add_custom_command(
  OUTPUT "${_lp}/obj/libperf.a" "${_lp}/obj/libapi.a" "${_lp}/include/perf/evsel.h"
  COMMAND "${CMAKE_SOURCE_DIR}/cmake/build-libperf.sh" "${TSOB_LINUX_SOURCE}" "${_lp}" "${_cross}"
  DEPENDS "${TSOB_LINUX_SOURCE}" "${CMAKE_SOURCE_DIR}/cmake/build-libperf.sh"
  COMMENT "Building libperf from ${TSOB_LINUX_SOURCE}"
  VERBATIM)
add_custom_target(libperf_build DEPENDS "${_lp}/obj/libperf.a")
file(MAKE_DIRECTORY "${_lp}/include")

add_library(perf::api STATIC IMPORTED GLOBAL)
set_target_properties(perf::api PROPERTIES IMPORTED_LOCATION "${_lp}/obj/libapi.a")
add_library(perf::perf STATIC IMPORTED GLOBAL)
set_target_properties(perf::perf PROPERTIES
  IMPORTED_LOCATION "${_lp}/obj/libperf.a"
  INTERFACE_INCLUDE_DIRECTORIES "${_lp}/include"
  INTERFACE_LINK_LIBRARIES perf::api)
add_dependencies(perf::perf libperf_build)
