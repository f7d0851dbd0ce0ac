# stem_proto_library(NAME name PROTOS rel/path.proto ... [ROOT dir] [GRPC] [DEPS ...])
#
# Generates C++ (and with GRPC, gRPC stubs) for protos given relative to ROOT (default:
# the repository's proto/), into the build tree only, keeping their package path
# (proto/stem/events/v1/envelope.proto -> gen/stem/events/v1/envelope.pb.h). One library per
# bounded context, so that a change to one context's protos rebuilds only that context.
# DEPS names the proto libraries whose protos these import.
set(STEM_PROTO_IMPORT_DIRS "${STEM_PROTO_ROOT}" "${Protobuf_INCLUDE_DIRS}"
    CACHE INTERNAL "Where imported protos are found")

function(stem_proto_library)
  cmake_parse_arguments(ARG "GRPC" "NAME;ROOT" "PROTOS;DEPS" ${ARGN})
  if(NOT ARG_ROOT)
    set(ARG_ROOT ${STEM_PROTO_ROOT})
  endif()
  set(include_flags -I${ARG_ROOT})
  foreach(dir ${STEM_PROTO_IMPORT_DIRS})
    list(APPEND include_flags -I${dir})
  endforeach()
  set(sources)
  foreach(proto ${ARG_PROTOS})
    string(REGEX REPLACE "\\.proto$" "" stem ${proto})
    set(outputs ${STEM_PROTO_OUT}/${stem}.pb.h ${STEM_PROTO_OUT}/${stem}.pb.cc)
    set(plugin_args)
    if(ARG_GRPC)
      list(APPEND outputs ${STEM_PROTO_OUT}/${stem}.grpc.pb.h ${STEM_PROTO_OUT}/${stem}.grpc.pb.cc)
      set(plugin_args --grpc_out=${STEM_PROTO_OUT}
          --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND protobuf::protoc ${include_flags} --cpp_out=${STEM_PROTO_OUT} ${plugin_args}
              ${ARG_ROOT}/${proto}
      DEPENDS ${ARG_ROOT}/${proto} protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND sources ${outputs})
  endforeach()
  add_library(${ARG_NAME} STATIC ${sources})
  target_include_directories(${ARG_NAME} SYSTEM PUBLIC ${STEM_PROTO_OUT})
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${ARG_NAME} PUBLIC gRPC::grpc++)
  endif()
  # Generated code is not ours to lint.
  target_compile_options(${ARG_NAME} PRIVATE -w)
endfunction()
