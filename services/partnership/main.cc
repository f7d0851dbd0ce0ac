// stem-partnership: the STEM-partnership service as its own process. Wiring only.
#include <cstdio>

#include "contexts/partnership/partnership_projector.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "services/partnership/partnership_service.h"

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires many of the suite's parts
  auto options = service::ParseHostFlags(
      argc, argv, "stem-partnership: STEM-partnership calls, decisions and reports over gRPC");
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
  partnership::PartnershipProjector projector((*host)->topics());
  auto runtime = (*host)->StartRuntime("partnership", projector);
  if (!runtime.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(runtime.status()).c_str());
    return 1;
  }
  (*runtime)->set_writes_topic((*host)->topics().partnership);
  partnership::PartnershipServiceImpl service(**runtime, (*host)->authenticator(),
                                              (*host)->municipalities(), (*host)->topics());
  return (*host)->Serve({&service}, {"stem.partnership.v1.PartnershipService"},
                        {{"partnership", runtime->get()}});
}
