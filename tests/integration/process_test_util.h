// What the tests of service executables (service_process.h) share: identities, the flags
// of a service on the test broker, the recognition of an academy through the public API,
// and the audit of a live projection against a replay of the log.
#ifndef STEM_TESTS_INTEGRATION_PROCESS_TEST_UTIL_H_
#define STEM_TESTS_INTEGRATION_PROCESS_TEST_UTIL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/projector.h"
#include "stem/activity/v1/activity_service.pb.h"
#include "stem/audit/v1/audit_service.pb.h"
#include "stem/ops/v1/projection_service.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::integration {

// A token file with "officer" (OFFICER), "auditor" (AUDITOR), "operator" (OPERATOR) and
// "academy-<kbo>" (ACADEMY) for each KBO number given.
std::string TokenFileText(const std::vector<std::string>& academies);

struct ServiceFlags {
  std::string bootstrap;
  std::string topic_prefix;
  std::string data_dir;
  std::string token_file;
  std::string clock_start;
  std::string transactional_id;
};
// `<binary> <args>` run to its end by the shell (stderr with stdout): its exit code and
// what it printed.
std::pair<int, std::string> RunToEnd(const std::string& binary,
                                     const std::vector<std::string>& args);

// The command line of a service on the Kafka log, without --listen (ServiceProcess adds it).
std::vector<std::string> KafkaFlags(const ServiceFlags& flags);

// The flags of a service on the embedded log (no broker), without --listen: its data and
// token file, and the suite's clock at 2019-01-07T09:00:00Z; then `more`.
std::vector<std::string> EmbeddedFlags(const std::string& data_dir, const std::string& token_file,
                                       const std::vector<std::string>& more = {});

// Item `n` of a season's bulk import: a registration of activity "Robotica <n>" of
// `academy` (request id "season-<n>"), one session on 2019-03-13 in Brussels.
activity::v1::ImportCommandsRequest SeasonRegistration(const std::string& academy, int n);

// A complete application for recognition of `kbo`, with request id "recognise-submit-<kbo>".
recognition::v1::SubmitApplicationRequest ApplicationFor(const std::string& kbo);

// A provisional grant of `kbo`'s application, with request id "<request_prefix>-<kbo>".
recognition::v1::GrantRecognitionRequest GrantFor(const std::string& kbo,
                                                  const std::string& application_id,
                                                  const std::string& request_prefix);

// Through the RecognitionService, as the officer: an application for `kbo`, granted
// provisionally, so recognised from the service's today for a year.
absl::Status RecogniseAcademy(const std::shared_ptr<grpc::Channel>& recognition,
                              const std::string& kbo);

// The report of a ReplayAudit of the process behind `channel` (AuditService, as auditor).
audit::v1::AuditReport AuditReportOf(const std::shared_ptr<grpc::Channel>& channel,
                                     absl::Duration timeout = absl::Seconds(120));

// The projection `name` of the process behind `channel` (ProjectionService, as auditor).
absl::StatusOr<ops::v1::ProjectionState> ProjectionStateOf(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& name);
eventlog::Positions PositionsOf(const ops::v1::ProjectionState& state);
// "topic/partition@offset ..." for failure messages.
std::string Describe(const eventlog::Positions& positions);

// The end offsets of every partition of `topics`.
absl::StatusOr<eventlog::Positions> EndOffsets(eventlog::EventLog& log,
                                               const std::vector<std::string>& topics);

// Asks the ProjectionService until projection `name` stands at `ends` in every partition:
// with nothing else writing, its checksum is then final and comparable with a replay.
absl::StatusOr<ops::v1::ProjectionState> WaitForPositions(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& name,
    const eventlog::Positions& ends, absl::Time deadline);

// Replays the projector's topics from the beginning into a new store at `directory`,
// through the command guard as a service does (projection::RebuildInto).
absl::StatusOr<std::unique_ptr<projection::ProjectionStore>> ReplayGuarded(
    const std::string& directory, eventlog::EventLog& log, projection::Projector& projector);

}  // namespace stem::integration

#endif  // STEM_TESTS_INTEGRATION_PROCESS_TEST_UTIL_H_
