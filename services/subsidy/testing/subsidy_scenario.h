// The subsidy service on a ServiceHarness (replica 2) beside the recognition and activity
// read models (replicas 0 and 1, no services), with the ReportService served over the
// subsidy replica's runtime as stem-subsidy serves it, and tranche processors in a consumer
// group as stem-subsidy runs them. Subsidy commands go through the public gRPC API; the
// facts of the contexts it builds on (recognition, activity, partnership) are appended to
// the log as their services write them - the published contract, from each context's
// testing helpers. Used by the unit tests (embedded log) and the end-to-end test over Kafka.
#ifndef STEM_SERVICES_SUBSIDY_TESTING_SUBSIDY_SCENARIO_H_
#define STEM_SERVICES_SUBSIDY_TESTING_SUBSIDY_SCENARIO_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "contexts/activity/activity_projector.h"
#include "contexts/activity/testing/activity_facts.h"
#include "contexts/recognition/academy_projector.h"
#include "contexts/subsidy/subsidy_projector.h"
#include "contexts/subsidy/tranche_processor.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/server.h"
#include "libs/service/testing/service_harness.h"
#include "services/subsidy/report_service.h"
#include "stem/subsidy/v1/report_service.grpc.pb.h"
#include "stem/subsidy/v1/subsidy_service.grpc.pb.h"

namespace stem::subsidy::testing {

// A, B, C, D: KBO numbers in that order, as in the rulebook's worked examples.
inline constexpr char kA[] = "0123456749";
inline constexpr char kB[] = "0200000043";
inline constexpr char kC[] = "0300000016";
inline constexpr char kD[] = "0444444496";

// Tokens for A-D and for the municipalities 11001, 11002, 44021, 71022 and 71072.
service::testing::HarnessOptions SubsidyScenarioOptions();

std::string AcademyToken(const std::string& kbo);

using activity::testing::Attendance;

class SubsidyScenario {
 public:
  explicit SubsidyScenario(
      const service::testing::HarnessOptions& options = SubsidyScenarioOptions());
  ~SubsidyScenario();

  service::testing::ServiceHarness& harness() { return *harness_; }
  v1::SubsidyService::Stub& subsidy() { return *subsidy_; }
  v1::ReportService::Stub& reports() { return *reports_; }
  service::ServiceRuntime& runtime() { return harness().runtime(2); }
  const service::Topics& topics() const { return topics_; }
  const stem::testing::TempDir& dir() const { return dir_; }

  // A tranche processor as stem-subsidy runs one: a runtime in the consumer group
  // `group` (default: the deployment's) over the partnership topic, ordering on the subsidy
  // replica. Returns its index.
  int StartTrancheProcessor(const std::string& group = "");
  service::ServiceRuntime& tranche_runtime(int index) { return *tranche_runtimes_.at(index); }
  void StopTrancheProcessors();

  // As the recognition service writes them: recognised from today for a year; revoked
  // from `effective_from`.
  void Recognise(const std::vector<std::string>& kbos);
  void Revoke(const std::string& kbo, const std::string& effective_from);

  // A KINDUREN_2019 period with the given dates, instants and money.
  static v1::OpenPeriodRequest PeriodRequest(
      const std::string& period_id, const std::string& first_day, const std::string& last_day,
      const std::string& opens_at, const std::string& closes_at,
      const std::string& reporting_deadline, int64_t budget_cents, int64_t minimum_grant_cents);
  absl::StatusOr<v1::OpenPeriodResponse> OpenPeriod(const v1::OpenPeriodRequest& request,
                                                    const std::string& token = "officer");
  absl::Status Apply(const std::string& token, const std::string& period_id, const std::string& kbo,
                     std::optional<int64_t> requested_cents = std::nullopt,
                     const std::string& request_id = "");
  absl::Status WithdrawApplication(const std::string& token, const std::string& period_id,
                                   const std::string& kbo);
  // Wanted ages 8-14, DIGITAL.
  absl::Status RegisterDemand(const std::string& token, const std::string& period_id,
                              const std::string& nis_code, const std::string& note = "");
  absl::Status WithdrawDemand(const std::string& token, const std::string& period_id,
                              const std::string& nis_code);
  absl::StatusOr<v1::AllocatePeriodResponse> Allocate(const std::string& period_id,
                                                      const std::string& token = "officer",
                                                      const std::string& request_id = "");
  absl::StatusOr<v1::SubsidyDecided> Decision(const std::string& period_id, const std::string& kbo,
                                              const std::string& token = "auditor");
  absl::StatusOr<v1::Period> GetPeriod(const std::string& period_id,
                                       const std::string& token = "auditor");
  absl::StatusOr<v1::Payments> Payments(const std::string& partnership_id,
                                        const std::string& token = "auditor");

  // As the activity service writes them: an activity of `kbo` in `nis_code` with one
  // session per (date, start, end) - its id is returned, its sessions are s1..sN -, a
  // session's attendance, an activity's cancellation, a school year's calendar from the
  // reference data.
  std::string RegisterActivity(const std::string& kbo, const std::string& nis_code,
                               const std::vector<std::vector<std::string>>& sessions);
  void Attend(const std::string& kbo, const std::string& activity_id, const std::string& session_id,
              const Attendance& attendance);
  void CancelActivity(const std::string& activity_id);
  void PublishCalendar(const std::string& school_year);
  // A session's child-minutes as the activity context computes them from its read model
  // (contexts/activity/child_minutes_view.h), once it has caught up.
  absl::StatusOr<activity::v1::SessionChildMinutes> SessionMinutes(const std::string& activity_id,
                                                                   const std::string& session_id);

  // A fact of the partnership context, appended as its service writes it: one fact per
  // command, with the aggregate's next version (or `version` when given, to write one
  // that the command guard refuses). Returns its envelope.
  events::v1::EventEnvelope AppendPartnershipFact(const std::string& aggregate_type,
                                                  const std::string& aggregate_id,
                                                  const google::protobuf::Message& payload,
                                                  std::optional<int64_t> version = std::nullopt);
  // The same envelope once more, as a producer retrying after a lost acknowledgement does.
  void Redeliver(const events::v1::EventEnvelope& event);

  // Until the subsidy replica has applied everything every topic holds now.
  void CatchUp();
  // Until `partnership_id` has `count` tranches ordered (fails the test after a minute).
  v1::Payments AwaitTranches(const std::string& partnership_id, int count);

  int64_t SubsidyRecords() { return harness().RecordCount(topics().subsidy); }
  std::string NextRequestId() { return "req-" + std::to_string(++next_request_); }

 private:
  stem::testing::TempDir dir_;
  const service::Topics topics_;
  recognition::AcademyProjector academy_projector_;
  activity::ActivityProjector activity_projector_;
  SubsidyProjectors projectors_;
  // Declared after the projectors: the replicas stop before the projectors go.
  std::unique_ptr<service::testing::ServiceHarness> harness_;
  events::UpcasterRegistry upcasters_;
  std::string group_;
  std::unique_ptr<ReportServiceImpl> report_service_;
  std::unique_ptr<rpc::Server> report_server_;
  std::unique_ptr<v1::SubsidyService::Stub> subsidy_;
  std::unique_ptr<v1::ReportService::Stub> reports_;
  std::vector<std::unique_ptr<TrancheTrigger>> triggers_;
  std::vector<std::unique_ptr<service::ServiceRuntime>> tranche_runtimes_;
  struct AggregateChain {
    int64_t version = 0;
    std::string last_hash;
  };
  std::map<std::pair<std::string, std::string>, AggregateChain> partnership_chains_;
  int next_request_ = 0;
};

}  // namespace stem::subsidy::testing

#endif  // STEM_SERVICES_SUBSIDY_TESTING_SUBSIDY_SCENARIO_H_
