// The command-line flags every service executable (and the all-in-one) understands.
// Link stem_service_flags into executables only.
#ifndef STEM_LIBS_SERVICE_HOST_FLAGS_H_
#define STEM_LIBS_SERVICE_HOST_FLAGS_H_

#include "absl/status/statusor.h"
#include "libs/service/host.h"

namespace stem::service {

// Parses the command line and returns the options it gives, or what is wrong with it.
absl::StatusOr<HostOptions> ParseHostFlags(int argc, char** argv, const char* usage);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_HOST_FLAGS_H_
