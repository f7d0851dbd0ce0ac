# Runs clang-format over our C++ and proto sources (never the build tree).
file(GLOB_RECURSE files
  ${ROOT}/libs/*.h ${ROOT}/libs/*.cc ${ROOT}/contexts/*.h ${ROOT}/contexts/*.cc
  ${ROOT}/services/*.h ${ROOT}/services/*.cc
  ${ROOT}/tests/*.h ${ROOT}/tests/*.cc ${ROOT}/bench/*.h ${ROOT}/bench/*.cc
  ${ROOT}/tools/*.h ${ROOT}/tools/*.cc
  ${ROOT}/proto/*.proto)
list(FILTER files EXCLUDE REGEX "/build/")
if(NOT files)
  return()
endif()
if(MODE STREQUAL "fix")
  execute_process(COMMAND ${CLANG_FORMAT} -i ${files} RESULT_VARIABLE rc)
else()
  execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE rc)
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format: files need formatting (run `make format`)")
endif()
