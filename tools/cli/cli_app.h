// `stem` as a function: builds the command tree, parses the command line and runs the
// chosen command. main() only calls it; tests call it in process.
#ifndef STEM_TOOLS_CLI_CLI_APP_H_
#define STEM_TOOLS_CLI_CLI_APP_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/command_tree.h"

namespace stem::cli {

// `args[0]` is the program's name. Returns the exit status (errors.h).
int RunCli(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
           std::ostream& err, bool err_is_terminal);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_CLI_APP_H_
