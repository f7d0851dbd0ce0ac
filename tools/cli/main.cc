// stem: the command-line client of the suite. Wiring only (tools/cli/cli_app.h).
#include <cstdio>
#include <iostream>

#include "tools/cli/cli_app.h"
#include "tools/cli/progress.h"

int main(int argc, char** argv) {
  return stem::cli::RunCli(std::vector<std::string>(argv, argv + argc),
                           stem::cli::Environment::FromProcess(), std::cout, std::cerr,
                           stem::cli::IsTerminal(stderr));
}
