// stem-subsidy: the subsidy service (periods, demand, applications, allocations, tranches)
// and the reports of rulebook section 7 as their own process. Wiring only.
#include <cstdio>

#include "contexts/subsidy/subsidy_projector.h"
#include "contexts/subsidy/tranche_processor.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "services/subsidy/report_service.h"
#include "services/subsidy/subsidy_service.h"

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires many of the suite's parts
  auto options = service::ParseHostFlags(
      argc, argv, "stem-subsidy: subsidy periods, allocations, tranches and reports over gRPC");
  if (!options.ok()) {
    std::fprintf(stderr, "%s\n", DescribeError(options.status()).c_str());
    return 2;
  }
  auto host = service::Host::Open(*options);
  if (!host.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(host.status()).c_str());
    return 1;
  }
  suite::RegisterSuiteFactRules((*host)->fact_rules());
  subsidy::SubsidyProjectors projectors((*host)->topics());
  auto runtime = (*host)->StartRuntime("subsidy", projectors.projector());
  if (!runtime.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(runtime.status()).c_str());
    return 1;
  }
  (*runtime)->set_writes_topic((*host)->topics().subsidy);
  // The tranche processor reads the partnership topic in a consumer group, so that the
  // replicas share the approvals; its orders run on the subsidy runtime. Declared after it,
  // so that it stops first.
  subsidy::TrancheTrigger trigger((*host)->topics(), **runtime);
  auto tranches = (*host)->StartRuntime("tranches", trigger, "stem-subsidy-tranches");
  if (!tranches.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(tranches.status()).c_str());
    return 1;
  }
  subsidy::SubsidyServiceImpl service(**runtime, (*host)->authenticator(),
                                      (*host)->municipalities(), (*host)->topics());
  subsidy::ReportServiceImpl reports(**runtime, (*host)->authenticator(),
                                     (*host)->municipalities());
  return (*host)->Serve({&service, &reports},
                        {"stem.subsidy.v1.SubsidyService", "stem.subsidy.v1.ReportService"},
                        {{"subsidy", runtime->get()}, {"tranches", tranches->get()}});
}
