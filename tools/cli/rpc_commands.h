// `stem <service> <method>` for every unary and server-streaming RPC of the registered
// services, built from their descriptors: a flag per request field (field_flags.h), --json
// and --json-file for the whole request, the response rendered as --output says (a stream
// message by message, stream_output.h).
#ifndef STEM_TOOLS_CLI_RPC_COMMANDS_H_
#define STEM_TOOLS_CLI_RPC_COMMANDS_H_

#include "tools/cli/command_tree.h"

namespace stem::cli {

void InstallRpcCommands(CommandTree& tree);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_RPC_COMMANDS_H_
