// stem-allinone: recognition, activity registration, partnership reporting and subsidy
// allocation in one process, on one Host and one gRPC port: the embedded default for a
// single machine (--log=embedded, every store and the log under --data_dir). The service
// code is the same as in the four separate executables; only the wiring differs.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "contexts/activity/activity_projector.h"
#include "contexts/partnership/partnership_projector.h"
#include "contexts/recognition/academy_projector.h"
#include "contexts/subsidy/subsidy_projector.h"
#include "contexts/subsidy/tranche_processor.h"
#include "contexts/suite/suite_fact_rules.h"
#include "libs/common/error.h"
#include "libs/service/host_flags.h"
#include "libs/service/log_repair.h"
#include "services/activity/activity_service.h"
#include "services/audit/audit_service.h"
#include "services/audit/live_projections.h"
#include "services/partnership/partnership_service.h"
#include "services/recognition/recognition_service.h"
#include "services/subsidy/report_service.h"
#include "services/subsidy/subsidy_service.h"

ABSL_FLAG(std::string, repair_log, "",
          "instead of serving: show (what is damaged in the embedded log) or move_aside (move "
          "the damage and the commits after it to <data_dir>/log/quarantine/)");

namespace {

int Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "cannot start %s: %s\n", what, stem::DescribeError(status).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace stem;  // NOLINT(build/namespaces): main wires many of the suite's parts
  auto options = service::ParseHostFlags(
      argc, argv,
      "stem-allinone: the four STEM-academy services in one process (embedded log by default)");
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
  auto opened = service::Host::Open(*options);
  if (!opened.ok()) return Fail("the host", opened.status());
  service::Host& host = **opened;
  suite::RegisterSuiteFactRules(host.fact_rules());

  recognition::AcademyProjector recognition_projector(host.topics().recognition);
  auto recognition = host.StartRuntime("recognition", recognition_projector);
  if (!recognition.ok()) return Fail("recognition", recognition.status());
  (*recognition)->set_writes_topic(host.topics().recognition);

  activity::ActivityProjector activity_projector(host.topics());
  auto activity = host.StartRuntime("activity", activity_projector);
  if (!activity.ok()) return Fail("activity", activity.status());
  (*activity)->set_writes_topic(host.topics().activity);

  partnership::PartnershipProjector partnership_projector(host.topics());
  auto partnership = host.StartRuntime("partnership", partnership_projector);
  if (!partnership.ok()) return Fail("partnership", partnership.status());
  (*partnership)->set_writes_topic(host.topics().partnership);

  subsidy::SubsidyProjectors subsidy_projectors(host.topics());
  auto subsidy = host.StartRuntime("subsidy", subsidy_projectors.projector());
  if (!subsidy.ok()) return Fail("subsidy", subsidy.status());
  (*subsidy)->set_writes_topic(host.topics().subsidy);
  // Declared after the subsidy runtime it writes through, so that it stops first.
  subsidy::TrancheTrigger trigger(host.topics(), **subsidy);
  auto tranches = host.StartRuntime("tranches", trigger, "stem-subsidy-tranches");
  if (!tranches.ok()) return Fail("tranches", tranches.status());

  recognition::RecognitionServiceImpl recognition_service(
      **recognition, host.authenticator(), host.municipalities(), host.topics().recognition);
  activity::ActivityServiceImpl activity_service(**activity, host.authenticator(),
                                                 host.municipalities(), host.topics());
  partnership::PartnershipServiceImpl partnership_service(**partnership, host.authenticator(),
                                                          host.municipalities(), host.topics());
  subsidy::SubsidyServiceImpl subsidy_service(**subsidy, host.authenticator(),
                                              host.municipalities(), host.topics());
  subsidy::ReportServiceImpl report_service(**subsidy, host.authenticator(), host.municipalities());
  audit::InProcessProjections live({{"recognition", recognition->get()},
                                    {"activity", activity->get()},
                                    {"partnership", partnership->get()},
                                    {"subsidy", subsidy->get()}});
  audit::AuditServiceImpl audit_service(
      {host.log(), host.topics(), host.upcasters(), host.fact_rules(), host.authenticator(),
       host.municipalities(), live, options->audit_scratch_dir, &host.clock(),
       host.checkpoint_signer(), host.checkpoint_origin()});
  return host.Serve({&recognition_service, &activity_service, &partnership_service,
                     &subsidy_service, &report_service, &audit_service},
                    {"stem.recognition.v1.RecognitionService", "stem.activity.v1.ActivityService",
                     "stem.partnership.v1.PartnershipService", "stem.subsidy.v1.SubsidyService",
                     "stem.subsidy.v1.ReportService", "stem.audit.v1.AuditService"},
                    {{"recognition", recognition->get()},
                     {"activity", activity->get()},
                     {"partnership", partnership->get()},
                     {"subsidy", subsidy->get()},
                     {"tranches", tranches->get()}});
}
