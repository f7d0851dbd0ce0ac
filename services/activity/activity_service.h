// The ActivityService gRPC API (proto/stem/activity/v1/activity_service.proto). Each RPC
// lives in its own file under handlers/.
#ifndef STEM_SERVICES_ACTIVITY_ACTIVITY_SERVICE_H_
#define STEM_SERVICES_ACTIVITY_ACTIVITY_SERVICE_H_

#include "libs/domain/municipalities.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/call.h"
#include "libs/service/command_frame.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"

namespace stem::activity {

class ActivityServiceImpl final : public v1::ActivityService::Service {
 public:
  // Nothing is owned; all must outlive the service. The runtime's projector is an
  // ActivityProjector over the same topics.
  ActivityServiceImpl(service::ServiceRuntime& runtime, const rpc::Authenticator& authenticator,
                      const domain::MunicipalityRegistry& municipalities, service::Topics topics)
      : runtime_(runtime),
        authenticator_(authenticator),
        municipalities_(municipalities),
        topics_(std::move(topics)) {}

  grpc::Status RegisterActivity(grpc::ServerContext* context,
                                const v1::RegisterActivityRequest* request,
                                v1::RegisterActivityResponse* response) override;
  grpc::Status CancelActivity(grpc::ServerContext* context,
                              const v1::CancelActivityRequest* request,
                              v1::CancelActivityResponse* response) override;
  grpc::Status CancelSession(grpc::ServerContext* context, const v1::CancelSessionRequest* request,
                             v1::CancelSessionResponse* response) override;
  grpc::Status ReportAttendance(grpc::ServerContext* context,
                                const v1::ReportAttendanceRequest* request,
                                v1::ReportAttendanceResponse* response) override;
  grpc::Status PublishSchoolCalendar(grpc::ServerContext* context,
                                     const v1::PublishSchoolCalendarRequest* request,
                                     v1::PublishSchoolCalendarResponse* response) override;
  grpc::Status ImportCommands(grpc::ServerContext* context,
                              grpc::ServerReaderWriter<v1::ImportCommandsResponse,
                                                       v1::ImportCommandsRequest>* stream) override;
  grpc::Status GetActivity(grpc::ServerContext* context, const v1::GetActivityRequest* request,
                           v1::GetActivityResponse* response) override;
  grpc::Status GetChildMinutes(grpc::ServerContext* context,
                               const v1::GetChildMinutesRequest* request,
                               v1::GetChildMinutesResponse* response) override;

 private:
  // Each command bound to its request and response (service::Bind): the one definition
  // that its own RPC and ImportCommands share.
  absl::StatusOr<service::BoundCommand> BindRegisterActivity(
      const service::Call& caller, const v1::RegisterActivityRequest* request,
      v1::RegisterActivityResponse* response);
  absl::StatusOr<service::BoundCommand> BindCancelActivity(const service::Call& caller,
                                                           const v1::CancelActivityRequest* request,
                                                           v1::CancelActivityResponse* response);
  absl::StatusOr<service::BoundCommand> BindCancelSession(const service::Call& caller,
                                                          const v1::CancelSessionRequest* request,
                                                          v1::CancelSessionResponse* response);
  absl::StatusOr<service::BoundCommand> BindReportAttendance(
      const service::Call& caller, const v1::ReportAttendanceRequest* request,
      v1::ReportAttendanceResponse* response);

  service::CommandTarget ActivityTarget(const std::string& activity_id,
                                        std::optional<int64_t> expected_version) const;
  // Commands whose verdict depends on other contexts' facts (the reporting deadlines of
  // subsidy periods) first let the projection catch up with every topic it reads (a bulk
  // import once per batch: Call::caught_up_with_all_topics); the command processor itself
  // waits only for the activity's own partition.
  absl::Status CatchUpWithOtherContexts(const service::Call& call);
  // PERMISSION_DENIED early when the projection already shows the caller may not command
  // this activity. The decider checks again on the caught-up state, which is the check
  // that counts; this one keeps an earlier answer to the same request id from a caller who
  // may not see it.
  absl::Status PrecheckOwner(const rpc::Principal& principal, const std::string& activity_id);
  // The preparation of every change to an existing activity: PrecheckOwner, then
  // CatchUpWithOtherContexts.
  absl::Status PrepareChangeOf(const service::Call& call, const std::string& activity_id);

  service::ServiceRuntime& runtime_;
  const rpc::Authenticator& authenticator_;
  const domain::MunicipalityRegistry& municipalities_;
  const service::Topics topics_;
};

}  // namespace stem::activity

#endif  // STEM_SERVICES_ACTIVITY_ACTIVITY_SERVICE_H_
