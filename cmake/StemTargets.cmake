# Helpers that give every target of ours the same warnings and include roots.

set(STEM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
                  -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
option(STEM_WERROR "Treat warnings in our own code as errors" ON)

function(stem_apply_warnings target)
  target_compile_options(${target} PRIVATE ${STEM_WARNINGS})
  if(STEM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# stem_library(NAME name SOURCES ... DEPS ...)
function(stem_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PUBLIC ${STEM_SOURCE_ROOT})
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS})
  stem_apply_warnings(${ARG_NAME})
endfunction()

# stem_executable(NAME name SOURCES ... DEPS ...)
function(stem_executable)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${STEM_SOURCE_ROOT})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
  stem_apply_warnings(${ARG_NAME})
endfunction()

# stem_test(NAME name SOURCES ... DEPS ... [LABELS ...] [TIMEOUT s] [WRAPPER script])
# Unit tests get the label "unit"; tests that need the real broker pass LABELS kafka. A
# WRAPPER runs the test (`script <test binary>`), e.g. to install a tool it needs first.
function(stem_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT;WRAPPER" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PRIVATE ${STEM_SOURCE_ROOT})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  stem_apply_warnings(${ARG_NAME})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  if(ARG_WRAPPER)
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_WRAPPER} $<TARGET_FILE:${ARG_NAME}>)
  else()
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  endif()
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "STEM_SHARED_DATA_DIR=${STEM_SHARED_DATA_DIR}")
endfunction()
