# Checks the build against cmake/packages.list: each Debian package that a find or a
# script of this configuration needs must be in the set its command installs.
#
# A build without tests is what `./run` makes after `install-deps.sh run`: what it
# finds must come from the list's run set. A build with tests is `./run test`'s (run +
# test sets). The owner of each file found is asked of dpkg, so a package that is only
# here because something else (or a person) installed it fails the configure step on
# this machine, not `./run` on a fresh one. And in a build without tests, every package
# of the run set must be needed by something: the run set is exactly what `./run` needs.
option(TSOB_CHECK_PACKAGES "Check that what the build uses comes from cmake/packages.list" ON)
set(TSOB_PACKAGES_LIST "${CMAKE_CURRENT_LIST_DIR}/packages.list" CACHE FILEPATH
    "The list of Debian packages that install-deps.sh installs")
find_program(TSOB_DPKG_QUERY dpkg-query)
if(TSOB_CHECK_PACKAGES AND NOT TSOB_DPKG_QUERY)
  message(STATUS "No dpkg-query: not a Debian system, package checks off")
  set(TSOB_CHECK_PACKAGES OFF)
endif()
if(TSOB_TESTS)
  set(TSOB_PACKAGE_SET test)
else()
  set(TSOB_PACKAGE_SET run)
endif()

# Parse the list once: a global property per package holds "set;arch".
function(_tsob_packages_load)
  get_property(done GLOBAL PROPERTY tsob_pkg_loaded)
  if(done)
    return()
  endif()
  if(NOT EXISTS "${TSOB_PACKAGES_LIST}")
    message(FATAL_ERROR "${TSOB_PACKAGES_LIST} is missing")
  endif()
  execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE arch
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  file(STRINGS "${TSOB_PACKAGES_LIST}" rows)
  set(all "")
  foreach(row IN LISTS rows)
    if(row MATCHES "^[ \t]*(#|$)")
      continue()
    endif()
    if(NOT row MATCHES "^([^ \t]+)[ \t]+(run|test)[ \t]+([a-z0-9]+)[ \t]+[^ \t]")
      message(FATAL_ERROR "${TSOB_PACKAGES_LIST}: malformed row: ${row}")
    endif()
    # A row for another host architecture is not installed here.
    if(CMAKE_MATCH_3 STREQUAL "any" OR CMAKE_MATCH_3 STREQUAL arch)
      set_property(GLOBAL PROPERTY "tsob_pkg:${CMAKE_MATCH_1}" ${CMAKE_MATCH_2})
      list(APPEND all "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY tsob_pkg_all "${all}")
  set_property(GLOBAL PROPERTY tsob_pkg_arch "${arch}")
  set_property(GLOBAL PROPERTY tsob_pkg_loaded TRUE)
endfunction()

# tsob_need_package(PKG WHY): this configuration needs PKG; fail unless the list
# installs it for this configuration's command.
function(tsob_need_package pkg why)
  set_property(GLOBAL APPEND PROPERTY tsob_pkg_used "${pkg}")
  file(APPEND "${CMAKE_BINARY_DIR}/packages-used.txt" "${pkg}\t${why}\n")
  if(NOT TSOB_CHECK_PACKAGES)
    return()
  endif()
  _tsob_packages_load()
  get_property(set GLOBAL PROPERTY "tsob_pkg:${pkg}")
  set(off "(configure with -DTSOB_CHECK_PACKAGES=OFF for tools that are not Debian's)")
  if(NOT set)
    message(FATAL_ERROR "${why} needs the Debian package ${pkg}, which "
                        "${TSOB_PACKAGES_LIST} does not list for this host ${off}")
  endif()
  if(TSOB_PACKAGE_SET STREQUAL "run" AND set STREQUAL "test")
    message(FATAL_ERROR "${why} needs the Debian package ${pkg}, which ${TSOB_PACKAGES_LIST} "
                        "puts in the test set: `./run` (install-deps.sh run) would not "
                        "install it on a fresh machine")
  endif()
endfunction()

# The package that owns PATH, or "" (not from a package). dpkg knows a file by
# the path its package ships: try the path, each link on the way to the file
# (/usr/bin/cc -> /etc/alternatives/cc -> /usr/bin/gcc), and each one's /usr-merged twin.
function(tsob_package_owner out path)
  set(${out} "" PARENT_SCOPE)
  if(NOT TSOB_DPKG_QUERY)
    return()
  endif()
  cmake_path(NORMAL_PATH path)
  set(tries "")
  foreach(hop RANGE 8)
    list(APPEND tries "${path}")
    if(path MATCHES "^/usr(/(bin|sbin|lib[^/]*)/.*)")
      list(APPEND tries "${CMAKE_MATCH_1}")
    elseif(path MATCHES "^/(bin|sbin|lib[^/]*)/")
      list(APPEND tries "/usr${path}")
    endif()
    if(NOT IS_SYMLINK "${path}")
      break()
    endif()
    file(READ_SYMLINK "${path}" next)
    if(NOT IS_ABSOLUTE "${next}")
      get_filename_component(dir "${path}" DIRECTORY)
      set(next "${dir}/${next}")
    endif()
    cmake_path(NORMAL_PATH next OUTPUT_VARIABLE path)
  endforeach()
  _tsob_packages_load()
  get_property(arch GLOBAL PROPERTY tsob_pkg_arch)
  foreach(p IN LISTS tries)
    execute_process(COMMAND ${TSOB_DPKG_QUERY} -S "${p}" RESULT_VARIABLE rc
                    OUTPUT_VARIABLE found ERROR_QUIET)
    # "pkg[:arch][, other]: /path"; "diversion by ..." lines come first.
    string(REGEX REPLACE "diversion by [^\n]*\n" "" found "${found}")
    if(rc EQUAL 0 AND found MATCHES "^([^,: \n]+)(:[a-z0-9]+)?[,:]")
      set(pkg "${CMAKE_MATCH_1}")
      if(CMAKE_MATCH_2 AND NOT CMAKE_MATCH_2 STREQUAL ":${arch}")
        string(APPEND pkg "${CMAKE_MATCH_2}")
      endif()
      set(${out} "${pkg}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# tsob_need_file(PATH WHY [PACKAGE expected]): the build uses PATH; its package
# must be in the list (and be EXPECTED, where the caller names one to the user).
function(tsob_need_file path why)
  cmake_parse_arguments(arg "" "PACKAGE" "" ${ARGN})
  if(NOT TSOB_CHECK_PACKAGES)
    if(arg_PACKAGE)
      tsob_need_package("${arg_PACKAGE}" "${why}")
    endif()
    return()
  endif()
  tsob_package_owner(owner "${path}")
  if(NOT owner)
    message(FATAL_ERROR "${why} uses ${path}, which no Debian package installed: "
                        "install ${arg_PACKAGE} (cmake/install-deps.sh), or configure with "
                        "-DTSOB_CHECK_PACKAGES=OFF for tools that are not Debian's")
  endif()
  if(arg_PACKAGE AND NOT owner STREQUAL arg_PACKAGE)
    message(FATAL_ERROR "${why} uses ${path}, which comes from ${owner}, not from "
                        "${arg_PACKAGE} as the build says")
  endif()
  tsob_need_package("${owner}" "${why}")
endfunction()

# tsob_need_program(PROGRAM PACKAGE WHY [OPTIONAL]): a program the build or a
# script runs. Missing: fail, or with OPTIONAL say so (its tests fail or skip).
function(tsob_need_program prog pkg why)
  cmake_parse_arguments(arg "OPTIONAL" "" "" ${ARGN})
  string(MAKE_C_IDENTIFIER "TSOB_PROG_${prog}" var)
  find_program(${var} NAMES ${prog})
  if(NOT ${var})
    if(arg_OPTIONAL)
      message(STATUS "${prog} not found (Debian package ${pkg}): ${why} cannot run")
      tsob_need_package("${pkg}" "${why}")
      return()
    endif()
    message(FATAL_ERROR "${prog} not found: install the Debian package ${pkg} (${why})")
  endif()
  tsob_need_file("${${var}}" "${why}" PACKAGE "${pkg}")
endfunction()

# tsob_need_python_module(PYTHON MODULE PACKAGE WHY): a module the test scripts import.
function(tsob_need_python_module python mod pkg why)
  execute_process(COMMAND ${python} -c "import ${mod}; print(${mod}.__file__)"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE file OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(STATUS "python3 module ${mod} not found (Debian package ${pkg}): ${why} cannot run")
    tsob_need_package("${pkg}" "${why}")
    return()
  endif()
  tsob_need_file("${file}" "${why}" PACKAGE "${pkg}")
endfunction()

# At the end of the configure step: in a build without tests, each package of the
# run set must have been needed by something, or the run set is more than `./run` needs.
function(_tsob_packages_check_run_set)
  if(NOT TSOB_CHECK_PACKAGES OR NOT TSOB_PACKAGE_SET STREQUAL "run")
    return()
  endif()
  _tsob_packages_load()
  get_property(all GLOBAL PROPERTY tsob_pkg_all)
  get_property(used GLOBAL PROPERTY tsob_pkg_used)
  foreach(pkg IN LISTS all)
    get_property(set GLOBAL PROPERTY "tsob_pkg:${pkg}")
    if(set STREQUAL "run" AND NOT pkg IN_LIST used)
      message(FATAL_ERROR "${TSOB_PACKAGES_LIST} puts ${pkg} in the run set, but nothing "
                          "in the build without tests needs it: move it to the test set, "
                          "or name what needs it (tsob_need_program, tsob_need_file)")
    endif()
  endforeach()
endfunction()

file(REMOVE "${CMAKE_BINARY_DIR}/packages-used.txt")
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _tsob_packages_check_run_set)

# What every build needs: the tool chain, and what `./run` runs besides the build.
tsob_need_file("${CMAKE_COMMAND}" "the build (cmake)")
tsob_need_file("${CMAKE_MAKE_PROGRAM}" "the build's generator")
tsob_need_file("${CMAKE_C_COMPILER}" "the C compiler")
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=crti.o
                OUTPUT_VARIABLE _tsob_crti OUTPUT_STRIP_TRAILING_WHITESPACE)
tsob_need_file("${_tsob_crti}" "linking C programs (crti.o)")
tsob_need_program(git git "the commit a results file records" OPTIONAL)
tsob_need_program(gnuplot gnuplot-nox "the charts of tsobench report, which ./run writes" OPTIONAL)
