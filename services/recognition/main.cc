// stem-recognition: the recognition service as its own process. Wiring only.
#include <cstdio>

#include "contexts/recognition/academy_projector.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "services/recognition/recognition_service.h"

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires many of the suite's parts
  auto options = service::ParseHostFlags(
      argc, argv, "stem-recognition: recognition of STEM-academies over gRPC");
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
  recognition::AcademyProjector projector((*host)->topics().recognition);
  auto runtime = (*host)->StartRuntime("recognition", projector);
  if (!runtime.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", DescribeError(runtime.status()).c_str());
    return 1;
  }
  (*runtime)->set_writes_topic((*host)->topics().recognition);
  recognition::RecognitionServiceImpl service(**runtime, (*host)->authenticator(),
                                              (*host)->municipalities(),
                                              (*host)->topics().recognition);
  return (*host)->Serve({&service}, {"stem.recognition.v1.RecognitionService"},
                        {{"recognition", runtime->get()}});
}
