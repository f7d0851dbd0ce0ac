// stem-demo's connection to stem-allinone: one channel, the generated stubs of every
// service, a call context per actor (bearer token, deadline), and the rule that a refused
// command the story expects to succeed becomes an error naming the command, what it was
// about and the server's reason (google.rpc.ErrorInfo).
#ifndef STEM_TOOLS_DEMO_DEMO_CLIENT_H_
#define STEM_TOOLS_DEMO_DEMO_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "stem/clock/v1/clock_service.grpc.pb.h"
#include "stem/ops/v1/projection_service.grpc.pb.h"
#include "stem/partnership/v1/partnership_service.grpc.pb.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "stem/subsidy/v1/report_service.grpc.pb.h"
#include "stem/subsidy/v1/subsidy_service.grpc.pb.h"
#include "tools/demo/token_file.h"

namespace stem::demo {

// Where each service is served: one stem-allinone (`server` only), or the separate
// processes of the distributed mode (an address per service; empty: `server`).
struct Endpoints {
  std::string server;
  std::string recognition;
  std::string activity;
  std::string partnership;
  std::string subsidy;  // and its ReportService
  std::string audit;
};

class DemoClient {
 public:
  DemoClient(const Endpoints& endpoints, TokenBook tokens, absl::Duration call_timeout);

  // Until every server's health (grpc.health.v1, whole server) is SERVING: it is so once
  // every projection caught up with the log. DEADLINE_EXCEEDED after `timeout`.
  absl::Status WaitUntilServing(absl::Duration timeout);

  // A context for one call as `actor`. Fails only when the token file lacks the actor.
  absl::StatusOr<std::unique_ptr<grpc::ClientContext>> As(const Actor& actor) const;

  recognition::v1::RecognitionService::Stub& recognition() { return *recognition_; }
  activity::v1::ActivityService::Stub& activity() { return *activity_; }
  subsidy::v1::SubsidyService::Stub& subsidy() { return *subsidy_; }
  subsidy::v1::ReportService::Stub& reports() { return *reports_; }
  partnership::v1::PartnershipService::Stub& partnership() { return *partnership_; }
  // The clock of the subsidy service's process, which every story date is read from.
  clock::v1::ClockService::Stub& clock() { return *clocks_.front(); }
  // Every process's clock: in the distributed mode each keeps its own manual clock, and
  // the story moves them all.
  const std::vector<std::unique_ptr<clock::v1::ClockService::Stub>>& clocks() const {
    return clocks_;
  }
  audit::v1::AuditService::Stub& audit() { return *audit_; }
  // The subsidy service's process's projections.
  ops::v1::ProjectionService::Stub& projections() { return *projections_; }

 private:
  absl::Status WaitUntilServing(grpc::Channel& channel, absl::Time deadline);

  // One channel per distinct address, the subsidy service's first.
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  TokenBook tokens_;
  absl::Duration call_timeout_;
  std::unique_ptr<recognition::v1::RecognitionService::Stub> recognition_;
  std::unique_ptr<activity::v1::ActivityService::Stub> activity_;
  std::unique_ptr<subsidy::v1::SubsidyService::Stub> subsidy_;
  std::unique_ptr<subsidy::v1::ReportService::Stub> reports_;
  std::unique_ptr<partnership::v1::PartnershipService::Stub> partnership_;
  std::vector<std::unique_ptr<clock::v1::ClockService::Stub>> clocks_;
  std::unique_ptr<audit::v1::AuditService::Stub> audit_;
  std::unique_ptr<ops::v1::ProjectionService::Stub> projections_;
};

// OK for an OK call; otherwise an error with the call's code and reason whose message
// reads "<command> (<subject>) refused: <REASON> (<CODE>): <server's message>".
absl::Status Expect(std::string_view command, std::string_view subject, const grpc::Status& status);

// Calls `method` on `stub` as `actor` and expects it to succeed (see Expect).
template <typename Stub, typename Request, typename Response>
absl::Status Invoke(DemoClient& client, const Actor& actor, std::string_view command,
                    std::string_view subject, Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
  auto context = client.As(actor);
  if (!context.ok()) return context.status();
  return Expect(command, subject, (stub.*method)(context->get(), request, response));
}

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_DEMO_CLIENT_H_
