# Tests of the LAVA support (label lava; ctest -L lava): bench/lava's modules
# through a small test program, the test definition and job templates against
# Debian's lava-dispatcher and lava-server's device types, and one real
# lava-run of the QEMU job on the patched test kernel. The logic lives in
# tests/lava/*.sh; see lava/README.md.
if(NOT TARGET tsob_lava)
  add_subdirectory(${CMAKE_SOURCE_DIR}/bench/lava ${CMAKE_BINARY_DIR}/bench/lava)
endif()
add_executable(lava_tool lava/lava_tool.c)
target_link_libraries(lava_tool PRIVATE tsob_lava)
