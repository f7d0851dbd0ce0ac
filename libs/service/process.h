// A service process from its parts: the flags, a Host, the facts' schema and a list of
// modules (module.h). Every executable's `main` is one call to RunProcess.
#ifndef STEM_LIBS_SERVICE_PROCESS_H_
#define STEM_LIBS_SERVICE_PROCESS_H_

#include <functional>
#include <string>
#include <vector>

#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/service/host.h"
#include "libs/service/module.h"

namespace stem::service {

struct ProcessSpec {
  // The first line of --help: "stem-activity: ...".
  std::string usage;
  // Registers the rules every process judges facts by and the upcasters it reads old facts
  // with (contexts/suite/suite_schema.h), before any runtime starts.
  std::function<void(events::FactRules&, events::UpcasterRegistry&)> register_schema;
  // Started in this order.
  std::vector<ModuleFactory> modules;
};

// Opens a Host, starts every module and serves them until SIGINT or SIGTERM. Returns the
// process's exit status: 1 when the host or a module cannot start (said on stderr).
int RunModules(const HostOptions& options, const ProcessSpec& spec);

// ParseHostFlags (exit status 2 on a bad flag), then RunModules.
int RunProcess(int argc, char** argv, const ProcessSpec& spec);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_PROCESS_H_
