# Libraries from Debian packages; each failure names the package to install.
include(packages)

function(tsob_find_lib var lib header pkg)
  find_library(${var}_LIB NAMES ${lib})
  find_path(${var}_INC NAMES ${header})
  if(NOT ${var}_LIB OR NOT ${var}_INC)
    message(FATAL_ERROR "${lib} not found: install the Debian package ${pkg}")
  endif()
  tsob_need_file("${${var}_LIB}" "lib${lib}" PACKAGE "${pkg}")
  add_library(${var} UNKNOWN IMPORTED GLOBAL)
  set_target_properties(${var} PROPERTIES IMPORTED_LOCATION "${${var}_LIB}"
                                          INTERFACE_INCLUDE_DIRECTORIES "${${var}_INC}")
endfunction()

if(CMAKE_CROSSCOMPILING)
  set(_arch ":arm64")
endif()
if(TSOB_STATIC)
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
endif()
tsob_find_lib(dep_pfm pfm perfmon/pfmlib_perf_event.h "libpfm4-dev${_arch}")
tsob_find_lib(dep_jsonc json-c json-c/json.h "libjson-c-dev${_arch}")
tsob_find_lib(dep_nettle nettle nettle/sha2.h "nettle-dev${_arch}")
tsob_find_lib(dep_sqlite sqlite3 sqlite3.h "libsqlite3-dev${_arch}")
# tsobench lava: LAVA's logs are YAML; the results blocks in them are gzip.
tsob_find_lib(dep_yaml yaml yaml.h "libyaml-dev${_arch}")
tsob_find_lib(dep_zlib z zlib.h "zlib1g-dev${_arch}")
# Static, libsqlite3.a's math functions come after it on the line.
set_property(TARGET dep_sqlite APPEND PROPERTY INTERFACE_LINK_LIBRARIES m)
set(CMAKE_FIND_LIBRARY_SUFFIXES .so .a)

# PostgreSQL for `tsobench history` (libpq): on in a dynamic build, off in the
# static one, since Debian's libpq links Kerberos, LDAP and OpenSSL as shared
# libraries only. Off, a postgresql:// URL is refused with one line.
if(TSOB_STATIC)
  set(_tsob_pg_default OFF)
else()
  set(_tsob_pg_default ON)
endif()
option(TSOB_POSTGRES "PostgreSQL support in tsobench history (libpq)" ${_tsob_pg_default})
if(TSOB_POSTGRES)
  find_library(dep_pq_LIB NAMES pq)
  find_path(dep_pq_INC NAMES libpq-fe.h PATH_SUFFIXES postgresql)
  if(NOT dep_pq_LIB OR NOT dep_pq_INC)
    message(FATAL_ERROR "libpq not found: install the Debian package libpq-dev${_arch}, "
                        "or configure with -DTSOB_POSTGRES=OFF (SQLite only)")
  endif()
  tsob_need_file("${dep_pq_LIB}" "libpq (tsobench history on PostgreSQL)" PACKAGE "libpq-dev${_arch}")
  add_library(dep_pq UNKNOWN IMPORTED GLOBAL)
  set_target_properties(dep_pq PROPERTIES IMPORTED_LOCATION "${dep_pq_LIB}"
                                          INTERFACE_INCLUDE_DIRECTORIES "${dep_pq_INC}")
endif()
if(TSOB_TESTS)
  tsob_find_lib(dep_cmocka cmocka cmocka.h "libcmocka-dev${_arch}")
endif()
find_package(Threads REQUIRED)
