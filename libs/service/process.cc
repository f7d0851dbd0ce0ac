#include "libs/service/process.h"

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/log.h"
#include "libs/service/host_flags.h"

namespace stem::service {
namespace {

int CannotStart(std::string_view what, const absl::Status& status) {
  log::Error(absl::StrCat("cannot start ", std::string(what), ": ", DescribeError(status)),
             {{"reason", ReasonOf(status)}});
  return 1;
}

}  // namespace

int RunModules(const HostOptions& options, const ProcessSpec& spec) {
  absl::StatusOr<std::unique_ptr<Host>> host = Host::Open(options);
  if (!host.ok()) return CannotStart("the host", host.status());
  if (spec.register_schema) spec.register_schema((*host)->fact_rules(), (*host)->upcasters());
  // Declared after the host, so that they stop before it closes the log.
  std::vector<std::unique_ptr<ServiceModule>> modules;
  std::vector<ServedService> served;
  for (const ModuleFactory& make : spec.modules) {
    std::unique_ptr<ServiceModule> module = make();
    if (absl::Status started = module->Start(**host); !started.ok()) {
      return CannotStart(module->name(), started);
    }
    for (const ServedService& service : module->services()) served.push_back(service);
    modules.push_back(std::move(module));
  }
  return (*host)->Serve(served);
}

int RunProcess(int argc, char** argv, const ProcessSpec& spec) {
  absl::StatusOr<HostOptions> options = ParseHostFlags(argc, argv, spec.usage.c_str());
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", DescribeError(options.status()).c_str());
    return 2;
  }
  return RunModules(*options, spec);
}

}  // namespace stem::service
