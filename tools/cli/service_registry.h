// The services `stem` speaks, one line each, and the groups of commands it has. Adding a
// service whose generated code exists is one line in service_registry.cc (and its proto
// library in CMakeLists.txt); adding a group of hand-written commands is one installer in
// the same file.
#ifndef STEM_TOOLS_CLI_SERVICE_REGISTRY_H_
#define STEM_TOOLS_CLI_SERVICE_REGISTRY_H_

#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/command_tree.h"

namespace stem::cli {

struct ServiceEntry {
  // The group's name: `stem <command> <method>`.
  std::string command;
  // The gRPC service ("stem.recognition.v1.RecognitionService").
  std::string full_name;
  std::string summary;
  // The environment variables naming its server, most specific first
  // (STEM_SERVER_RECOGNITION); STEM_SERVER comes after them.
  std::vector<std::string> server_env;
};

const std::vector<ServiceEntry>& Services();

// The entry of `stem <command>`; null when there is none.
const ServiceEntry* FindService(std::string_view command);

// Every group of commands.
void InstallCommandGroups(CommandTree& tree);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_SERVICE_REGISTRY_H_
