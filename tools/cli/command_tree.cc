#include "tools/cli/command_tree.h"

#include <unistd.h>

#include <string_view>

#include "tools/cli/cli11.h"

extern char** environ;  // NOLINT: POSIX, declared by no header under C++

namespace stem::cli {

Environment Environment::FromProcess() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos || !text.starts_with("STEM_")) continue;
    variables.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return Environment(std::move(variables));
}

std::string Environment::Get(const std::string& name) const {
  const auto found = variables_.find(name);
  return found == variables_.end() ? std::string() : found->second;
}

CLI::App& CommandTree::Group(const std::string& name, const std::string& summary) {
  for (CLI::App* existing : root_.get_subcommands([](CLI::App*) { return true; })) {
    if (existing->get_name() == name) return *existing;
  }
  CLI::App* group = root_.add_subcommand(name, summary);
  group->require_subcommand(1);
  return *group;
}

void CommandTree::SetAction(CLI::App& command, Action action) {
  actions_[&command] = std::move(action);
}

const Action* CommandTree::Chosen() const {
  // CLI11 lists, for each level, the subcommand the command line chose: follow them down.
  const CLI::App* app = &root_;
  for (std::vector<CLI::App*> chosen = root_.get_subcommands(); !chosen.empty();
       chosen = chosen.front()->get_subcommands()) {
    app = chosen.front();
  }
  const auto found = actions_.find(app);
  return found == actions_.end() ? nullptr : &found->second;
}

}  // namespace stem::cli
