// `stem ops wait-ready`: waits until the server's grpc.health.v1 reports SERVING (its
// projections caught up with the log), at most --timeout, with a spinner on a terminal.
// For scripts and deployments that must not call a service before it can answer.
#ifndef STEM_TOOLS_CLI_WAIT_READY_H_
#define STEM_TOOLS_CLI_WAIT_READY_H_

#include "tools/cli/command_tree.h"

namespace stem::cli {

void InstallWaitReady(CommandTree& tree);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_WAIT_READY_H_
