// stem-allinone: recognition, activity registration, partnership reporting and subsidy
// allocation in one process, on one Host and one gRPC port: the embedded default for a
// single machine (--log=embedded, every store and the log under --data_dir). The modules are
// those of the four separate executables; the audit compares with their read models here.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "contexts/suite/suite_schema.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "libs/service/log_repair.h"
#include "libs/service/process.h"
#include "services/activity/module.h"
#include "services/audit/module.h"
#include "services/partnership/module.h"
#include "services/recognition/module.h"
#include "services/subsidy/module.h"

ABSL_FLAG(std::string, repair_log, "",
          "instead of serving: show (what is damaged in the embedded log) or move_aside (move "
          "the damage and the commits after it to <data_dir>/log/quarantine/)");

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires the suite's modules
  const service::ProcessSpec spec{
      "stem-allinone: the four STEM-academy services in one process (embedded log by default)",
      suite::RegisterSuiteSchema,
      {recognition::MakeRecognitionModule, activity::MakeActivityModule,
       partnership::MakePartnershipModule, subsidy::MakeSubsidyModule,
       audit::MakeInProcessAuditModule}};
  auto options = service::ParseHostFlags(argc, argv, spec.usage.c_str());
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", DescribeError(options.status()).c_str());
    return 2;
  }
  if (options->data_dir.empty()) {
    std::fprintf(stderr, "stem-allinone needs --data_dir (the log and every store live there)\n");
    return 2;
  }
  if (const std::string repair = absl::GetFlag(FLAGS_repair_log); !repair.empty()) {
    return service::RunLogRepair(*options, repair, stdout);
  }
  return service::RunModules(*options, spec);
}
