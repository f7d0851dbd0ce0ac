#include "tools/cli/cli_app.h"

#include "tools/cli/cli11.h"
#include "tools/cli/connection.h"
#include "tools/cli/errors.h"
#include "tools/cli/service_registry.h"

namespace stem::cli {
namespace {

constexpr char kDescription[] =
    "stem: the command-line client of the STEM-academies suite (VLAIO), over gRPC.\n"
    "Every command and query of the services: stem <service> <method> [flags].";

constexpr char kFooter[] =
    "Environment: STEM_SERVER (and STEM_SERVER_<SERVICE> per service, e.g. "
    "STEM_SERVER_RECOGNITION), STEM_TOKEN, STEM_CERT, STEM_KEY, STEM_CA.\n"
    "Exit status: 0 ok, 1 refused by the server, 2 usage error, 3 server unreachable, 4 a verdict "
    "that did not pass (an audit with divergences).";

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  const std::string group = "Options of every command";
  app.add_option("--server", options.server,
                 std::string("host:port (default: STEM_SERVER_<SERVICE>, STEM_SERVER, ") +
                     kDefaultServer + ")")
      ->group(group);
  app.add_option("--token", options.token, "bearer token of your identity (STEM_TOKEN)")
      ->group(group);
  app.add_option("--cert", options.cert,
                 "mutual TLS: your certificate (PEM, CN <ROLE>:<identity>; STEM_CERT)")
      ->group(group);
  app.add_option("--key", options.key, "mutual TLS: your private key (PEM; STEM_KEY)")
      ->group(group);
  app.add_option("--ca", options.ca, "mutual TLS: the CA of the server's certificate (STEM_CA)")
      ->group(group);
  app.add_option("--timeout", options.timeout,
                 "deadline, e.g. 30s, 2m (default: 30s a call, 1h a whole stream, 30s "
                 "wait-ready)")
      ->group(group);
  app.add_option("--output", options.output, "table (for people) or json (for scripts)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str()
      ->group(group);
}

}  // namespace

int RunCli(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
           std::ostream& err, bool err_is_terminal) {
  CLI::App app(kDescription, "stem");
  app.footer(kFooter);
  app.set_version_flag("--version", "stem 0.1.0");
  // Options of `stem` itself may also follow the subcommand: `stem recognition get-academy
  // --kbo ... --output json`.
  app.fallthrough();
  app.require_subcommand(1);
  GlobalOptions options;
  AddGlobalOptions(app, options);
  CommandTree tree(app);
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  // CLI11 reports parse errors (and --help) as exceptions: they end here.
  try {
    InstallCommandGroups(tree);
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    app.exit(error, out, err);
    return error.get_exit_code() == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::Error& error) {
    err << "error: " << error.what() << "\n";
    return kExitUsage;
  }
  const Action* action = tree.Chosen();
  if (action == nullptr) {
    err << app.help();
    return kExitUsage;
  }
  const CommandContext context{options, env, out, err, err_is_terminal};
  return (*action)(context);
}

}  // namespace stem::cli
