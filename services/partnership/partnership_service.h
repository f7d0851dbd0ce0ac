// The PartnershipService gRPC API (proto/stem/partnership/v1/partnership_service.proto).
// Each RPC lives in its own file under handlers/.
#ifndef STEM_SERVICES_PARTNERSHIP_PARTNERSHIP_SERVICE_H_
#define STEM_SERVICES_PARTNERSHIP_PARTNERSHIP_SERVICE_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "libs/domain/municipalities.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/call.h"
#include "libs/service/command_frame.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "stem/partnership/v1/partnership_service.grpc.pb.h"

namespace stem::partnership {

class PartnershipServiceImpl final : public v1::PartnershipService::Service {
 public:
  // Nothing is owned; all must outlive the service. The runtime's projector is a
  // PartnershipProjector over the same topics.
  PartnershipServiceImpl(service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator,
                         const domain::MunicipalityRegistry& municipalities, service::Topics topics)
      : runtime_(runtime),
        authenticator_(authenticator),
        municipalities_(municipalities),
        topics_(std::move(topics)) {}

  grpc::Status OpenCall(grpc::ServerContext* context, const v1::OpenCallRequest* request,
                        v1::OpenCallResponse* response) override;
  grpc::Status SubmitPartnershipApplication(
      grpc::ServerContext* context, const v1::SubmitPartnershipApplicationRequest* request,
      v1::SubmitPartnershipApplicationResponse* response) override;
  grpc::Status ConfirmParticipation(grpc::ServerContext* context,
                                    const v1::ConfirmParticipationRequest* request,
                                    v1::ConfirmParticipationResponse* response) override;
  grpc::Status DeclineParticipation(grpc::ServerContext* context,
                                    const v1::DeclineParticipationRequest* request,
                                    v1::DeclineParticipationResponse* response) override;
  grpc::Status ApprovePartnership(grpc::ServerContext* context,
                                  const v1::ApprovePartnershipRequest* request,
                                  v1::ApprovePartnershipResponse* response) override;
  grpc::Status RejectPartnership(grpc::ServerContext* context,
                                 const v1::RejectPartnershipRequest* request,
                                 v1::RejectPartnershipResponse* response) override;
  grpc::Status SubmitReport(grpc::ServerContext* context, const v1::SubmitReportRequest* request,
                            v1::SubmitReportResponse* response) override;
  grpc::Status ApproveReport(grpc::ServerContext* context, const v1::ApproveReportRequest* request,
                             v1::ApproveReportResponse* response) override;
  grpc::Status RejectReport(grpc::ServerContext* context, const v1::RejectReportRequest* request,
                            v1::RejectReportResponse* response) override;
  grpc::Status GetCall(grpc::ServerContext* context, const v1::GetCallRequest* request,
                       v1::GetCallResponse* response) override;
  grpc::Status ListCalls(grpc::ServerContext* context, const v1::ListCallsRequest* request,
                         v1::ListCallsResponse* response) override;
  grpc::Status GetPartnership(grpc::ServerContext* context,
                              const v1::GetPartnershipRequest* request,
                              v1::GetPartnershipResponse* response) override;
  grpc::Status ListPartnerships(grpc::ServerContext* context,
                                const v1::ListPartnershipsRequest* request,
                                v1::ListPartnershipsResponse* response) override;
  grpc::Status ListOverdueReports(grpc::ServerContext* context,
                                  const v1::ListOverdueReportsRequest* request,
                                  v1::ListOverdueReportsResponse* response) override;

 private:
  // A partner academy's answer to its participation: its fields, and whether it confirms
  // (a decline states its reason).
  struct ParticipationAnswer {
    const std::string& partnership_id;
    const std::string& partner_kbo;
    std::optional<int64_t> expected_version;
    bool confirm;
    const std::string& reason;
  };
  // The one command both answers are (handlers/answer_participation.cc), prepared with the
  // partner's normalised KBO number; the caller adds the answer.
  service::Command<std::string> ParticipationCommand(const ParticipationAnswer& answer);

  service::CommandTarget CallTarget(const std::string& call_id,
                                    std::optional<int64_t> expected_version) const;
  service::CommandTarget PartnershipTarget(const std::string& partnership_id,
                                           std::optional<int64_t> expected_version) const;
  // Commands whose verdict depends on another aggregate's facts (an application is checked
  // against its call, a decision against the application and the lead's recognition, a
  // report against the call's decision and the register of activities) first let the
  // projection catch up with every topic it reads; the command processor itself waits only
  // for the target aggregate's partition. So they decide on everything the log held when
  // they arrived. Most of what they read never changes once written (a call's parameters,
  // an application, a decision, a registration); a recognition decided at the same moment
  // as an approval is ordered against it by the log like any two commands of different
  // aggregates.
  absl::Status CatchUpWithOtherAggregates(absl::Time deadline);
  // The partnership as the projection holds it, PERMISSION_DENIED unless the principal is
  // its lead academy or an officer: checked before the command, so that an earlier answer
  // to the same request id is never shown to a caller who may not see it. The lead of a
  // partnership never changes, so this check stays true for the decider.
  absl::StatusOr<v1::Partnership> PartnershipForLead(const rpc::Principal& principal,
                                                     const std::string& partnership_id);
  absl::CivilDay Today() const;
  // The date a query is about: `iso`, or today on the suite's clock when empty.
  absl::StatusOr<absl::CivilDay> DateOrToday(const std::string& iso) const;

  service::ServiceRuntime& runtime_;
  const rpc::Authenticator& authenticator_;
  const domain::MunicipalityRegistry& municipalities_;
  const service::Topics topics_;
};

}  // namespace stem::partnership

#endif  // STEM_SERVICES_PARTNERSHIP_PARTNERSHIP_SERVICE_H_
