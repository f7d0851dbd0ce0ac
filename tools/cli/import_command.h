// The command of a bulk import RPC (a bidirectional stream: many commands in, one answer per
// command out), e.g. `stem activity import-commands --csv season.csv`: reads the whole file
// (import_input.h), derives request ids for items without one, streams the items while a
// progress bar counts the answers, and prints the refused items (every answer with
// --output json). Exit status 0 when every item was accepted, 1 when any was refused.
#ifndef STEM_TOOLS_CLI_IMPORT_COMMAND_H_
#define STEM_TOOLS_CLI_IMPORT_COMMAND_H_

#include <google/protobuf/descriptor.h>

#include "tools/cli/cli11.h"
#include "tools/cli/command_tree.h"
#include "tools/cli/service_registry.h"

namespace stem::cli {

void AddImportMethod(CommandTree& tree, CLI::App& group, const ServiceEntry& entry,
                     const google::protobuf::MethodDescriptor& method);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_IMPORT_COMMAND_H_
