# Every dependency comes from Debian's packages (see `make deps`). The way each is found
# is dictated by how Debian ships it.
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)          # module mode: Debian ships no protobuf CMake config
find_package(gRPC CONFIG REQUIRED)       # gRPC::grpc++, gRPC::grpc++_reflection, gRPC::grpc_cpp_plugin
find_package(absl CONFIG REQUIRED)
find_package(RocksDB CONFIG REQUIRED)    # RocksDB::rocksdb-shared
find_package(GTest CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)     # the JSON-lines log (libs/common/log.h)
find_package(OpenSSL REQUIRED)           # SHA-256 for state checksums
find_package(PkgConfig REQUIRED)
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka++ rdkafka)
pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)  # the metrics endpoint
