// The subcommand tree of `stem`: groups (`stem recognition`, `stem audit`, `stem ops`)
// whose leaves run an action once the command line has parsed.
//
// Each group lives in a file of its own that exposes an installer (`void Install...(
// CommandTree&)`); service_registry.cc calls the installers. CLI11 only parses: actions run
// after parsing, outside CLI11, and return the process's exit status (errors.h).
#ifndef STEM_TOOLS_CLI_COMMAND_TREE_H_
#define STEM_TOOLS_CLI_COMMAND_TREE_H_

#include <functional>
#include <map>
#include <ostream>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace stem::cli {

// The options every command understands, before or after the subcommand. Empty strings
// mean "not given": the environment (connection.h) fills them in.
struct GlobalOptions {
  std::string server;
  std::string token;
  std::string cert;
  std::string key;
  std::string ca;
  // Empty: the command's own default (connection.h).
  std::string timeout;
  std::string output = "table";
};

// The process environment as far as `stem` reads it (STEM_*); tests make their own.
class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string> variables)
      : variables_(std::move(variables)) {}
  // The STEM_* variables of this process.
  static Environment FromProcess();
  // Empty when unset.
  std::string Get(const std::string& name) const;

 private:
  std::map<std::string, std::string> variables_;
};

// What an action may use.
struct CommandContext {
  const GlobalOptions& options;
  const Environment& env;
  std::ostream& out;
  std::ostream& err;
  // Whether stderr is a terminal: progress bars and spinners are drawn only then.
  bool err_is_terminal;
};

// Runs a chosen command; returns the process's exit status.
using Action = std::function<int(const CommandContext&)>;

class CommandTree {
 public:
  explicit CommandTree(CLI::App& root) : root_(root) {}
  CommandTree(const CommandTree&) = delete;
  CommandTree& operator=(const CommandTree&) = delete;

  CLI::App& root() { return root_; }
  // The group `stem <name>`, made on first use: several files may add commands to one
  // group (`stem ops` has the ProjectionService's RPCs and wait-ready).
  CLI::App& Group(const std::string& name, const std::string& summary);
  // Makes `command` a leaf that runs `action`. The action may keep pointers into the tree
  // (its options): the tree outlives every action.
  void SetAction(CLI::App& command, Action action);
  // The action of the command the parsed command line chose; null when it chose a group
  // only.
  const Action* Chosen() const;

 private:
  CLI::App& root_;
  std::map<const CLI::App*, Action> actions_;
};

// Installs a group of commands into the tree.
using GroupInstaller = void (*)(CommandTree& tree);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_COMMAND_TREE_H_
