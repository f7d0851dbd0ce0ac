// The four services of the suite in one process, called in process - no gRPC server, no
// network: an embedded log (no fdatasync) in a fresh directory, a manual clock, one
// ServiceRuntime per service with the suite's fact rules, and the service objects whose
// handlers the command target calls as a gRPC server would, with a caller it chooses.
//
// The command RPCs are numbered (CommandRpcs()): the command target's first input byte
// picks one, the seed generator names them. Renumbering them invalidates the corpus, so a
// new RPC is added at the end.
#ifndef STEM_TESTS_FUZZ_IN_PROCESS_SUITE_H_
#define STEM_TESTS_FUZZ_IN_PROCESS_SUITE_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/statusor.h"
#include "contexts/activity/activity_projector.h"
#include "contexts/partnership/partnership_projector.h"
#include "contexts/recognition/academy_projector.h"
#include "contexts/subsidy/subsidy_projector.h"
#include "libs/clock/clock.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/domain/municipalities.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/upcaster.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "services/activity/activity_service.h"
#include "services/partnership/partnership_service.h"
#include "services/recognition/recognition_service.h"
#include "services/subsidy/subsidy_service.h"
#include "tests/fuzz/caller_authenticator.h"

namespace stem::fuzz {

// The callers an input chooses from (its second byte).
enum class Caller : uint8_t { kOfficer = 0, kAcademy = 1, kMunicipality = 2 };
inline constexpr int kCallerCount = 3;
// The academy the ACADEMY caller is (recognised by the world's story) and the municipality
// the MUNICIPALITY caller is (Antwerpen).
inline constexpr char kCallerAcademy[] = "0123456749";
inline constexpr char kCallerMunicipality[] = "11002";
// The suite's clock stands still here: inside subsidy period 2019-1's application window.
inline constexpr char kClockStart[] = "2019-03-01T09:00:00Z";

// The reference data: $STEM_SHARED_DATA_DIR, else the directory the build was configured
// with.
std::string SharedDataDir();

class InProcessSuite;

struct CommandRpc {
  // "<context>.<Rpc>", e.g. "recognition.SubmitApplication".
  std::string_view name;
  // Parses `request` as the RPC's request message and calls its handler. Nothing when the
  // bytes are not such a message: an undecodable request never reaches a handler (the
  // server's interceptor refuses it: libs/rpc/malformed_requests.h).
  std::optional<grpc::Status> (*call)(InProcessSuite& suite, std::string_view request);
};

// Every command RPC of the four services, in input-byte order.
std::span<const CommandRpc> CommandRpcs();
// The number of the RPC named `name`; nothing for an unknown name.
std::optional<uint8_t> CommandNumber(std::string_view name);

class InProcessSuite {
 public:
  // Everything lives in a new temporary directory (under $TEST_TMPDIR or $TMPDIR), removed
  // when the suite goes.
  static absl::StatusOr<std::unique_ptr<InProcessSuite>> Start();
  ~InProcessSuite();
  InProcessSuite(const InProcessSuite&) = delete;
  InProcessSuite& operator=(const InProcessSuite&) = delete;

  // Calls command RPC `number` (CommandRpcs()) as `caller`; nothing when `request` does not
  // parse as its request message.
  std::optional<grpc::Status> Call(uint8_t number, Caller caller, std::string_view request);

  // Records in the four topics: a refused command adds none.
  absl::StatusOr<int64_t> RecordsWritten();
  // OK while every service's projection runs; the first error that stopped one otherwise.
  absl::Status Health();

  eventlog::EventLog& log() { return *log_; }
  const service::Topics& topics() const { return topics_; }
  const clock::Clock& clock() const { return clock_; }

  // The service object whose handlers CommandRpcs() call.
  template <typename Service>
  Service& service() {
    if constexpr (std::is_same_v<Service, recognition::RecognitionServiceImpl>) {
      return *recognition_;
    } else if constexpr (std::is_same_v<Service, activity::ActivityServiceImpl>) {
      return *activity_;
    } else if constexpr (std::is_same_v<Service, partnership::PartnershipServiceImpl>) {
      return *partnership_;
    } else {
      static_assert(std::is_same_v<Service, subsidy::SubsidyServiceImpl>);
      return *subsidy_;
    }
  }

 private:
  InProcessSuite(std::unique_ptr<domain::MunicipalityRegistry> municipalities, absl::Time start);

  // Declaration order is teardown order reversed: services go before their runtimes, the
  // runtimes before the projectors and the log they use, the directory last.
  stem::testing::TempDir directory_;
  const service::Topics topics_;
  clock::ManualClock clock_;
  std::unique_ptr<domain::MunicipalityRegistry> municipalities_;
  events::UpcasterRegistry upcasters_;
  CallerAuthenticator caller_;
  std::unique_ptr<eventlog::EventLog> log_;
  recognition::AcademyProjector academy_projector_;
  activity::ActivityProjector activity_projector_;
  partnership::PartnershipProjector partnership_projector_;
  subsidy::SubsidyProjectors subsidy_projectors_;
  std::unique_ptr<service::ServiceRuntime> recognition_runtime_;
  std::unique_ptr<service::ServiceRuntime> activity_runtime_;
  std::unique_ptr<service::ServiceRuntime> partnership_runtime_;
  std::unique_ptr<service::ServiceRuntime> subsidy_runtime_;
  std::unique_ptr<recognition::RecognitionServiceImpl> recognition_;
  std::unique_ptr<activity::ActivityServiceImpl> activity_;
  std::unique_ptr<partnership::PartnershipServiceImpl> partnership_;
  std::unique_ptr<subsidy::SubsidyServiceImpl> subsidy_;
};

}  // namespace stem::fuzz

#endif  // STEM_TESTS_FUZZ_IN_PROCESS_SUITE_H_
