// `stem audit save-checkpoint` and `stem audit verify-checkpoint`: an auditor keeps signed
// checkpoints of the log outside the suite and later checks that today's log extends them
// unchanged (rulebook section 9). The verification trusts the server with nothing: it checks
// both signatures with the public key the auditor keeps, and every consistency proof itself.
#ifndef STEM_TOOLS_CLI_CHECKPOINT_COMMANDS_H_
#define STEM_TOOLS_CLI_CHECKPOINT_COMMANDS_H_

#include "tools/cli/command_tree.h"

namespace stem::cli {

void InstallCheckpointCommands(CommandTree& tree);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_CHECKPOINT_COMMANDS_H_
