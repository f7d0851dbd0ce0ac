# The build checks formatting: `format-check` fails on any file clang-format would change,
# and CTest runs it as the test "clang_format" (label "lint").
find_program(CLANG_FORMAT_EXE NAMES clang-format clang-format-14)
if(CLANG_FORMAT_EXE)
  add_custom_target(format-check
    COMMAND ${CMAKE_COMMAND} -DCLANG_FORMAT=${CLANG_FORMAT_EXE} -DROOT=${STEM_SOURCE_ROOT}
            -DMODE=check -P ${STEM_SOURCE_ROOT}/cmake/RunClangFormat.cmake
    COMMENT "Checking formatting with clang-format")
  add_custom_target(format
    COMMAND ${CMAKE_COMMAND} -DCLANG_FORMAT=${CLANG_FORMAT_EXE} -DROOT=${STEM_SOURCE_ROOT}
            -DMODE=fix -P ${STEM_SOURCE_ROOT}/cmake/RunClangFormat.cmake
    COMMENT "Formatting with clang-format")
  add_test(NAME clang_format
    COMMAND ${CMAKE_COMMAND} -DCLANG_FORMAT=${CLANG_FORMAT_EXE} -DROOT=${STEM_SOURCE_ROOT}
            -DMODE=check -P ${STEM_SOURCE_ROOT}/cmake/RunClangFormat.cmake)
  set_tests_properties(clang_format PROPERTIES LABELS "lint;unit")
else()
  message(WARNING "clang-format not found: the format check is not available (run `make deps`)")
endif()
