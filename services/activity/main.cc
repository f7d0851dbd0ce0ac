// stem-activity: the activity registration service as its own process. Wiring only.
#include <cstdio>

#include "contexts/activity/activity_projector.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "services/activity/activity_service.h"

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires many of the suite's parts
  auto options = service::ParseHostFlags(
      argc, argv, "stem-activity: STEM activities, attendance and child-minutes over gRPC");
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
  activity::ActivityProjector projector((*host)->topics());
  auto runtime = (*host)->StartRuntime("activity", projector);
  if (!runtime.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(runtime.status()).c_str());
    return 1;
  }
  (*runtime)->set_writes_topic((*host)->topics().activity);
  activity::ActivityServiceImpl service(**runtime, (*host)->authenticator(),
                                        (*host)->municipalities(), (*host)->topics());
  return (*host)->Serve({&service}, {"stem.activity.v1.ActivityService"},
                        {{"activity", runtime->get()}});
}
