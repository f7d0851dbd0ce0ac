// The as-of queries: the service's own handler, over a view of the log as it stood
// (as_of.h), on behalf of the caller authenticated here.
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/events/timestamps.h"
#include "libs/rpc/status.h"
#include "libs/service/call.h"
#include "services/audit/as_of.h"
#include "services/audit/audit_service.h"
#include "services/audit/fixed_authenticator.h"
#include "services/recognition/recognition_service.h"
#include "services/subsidy/report_service.h"

namespace stem::audit {
namespace {

using events::v1::ACTOR_ROLE_AUDITOR;
using events::v1::ACTOR_ROLE_OFFICER;

absl::StatusOr<absl::Time> AsOf(const google::protobuf::Timestamp& as_of, bool present) {
  if (!present) {
    return MakeError(absl::StatusCode::kInvalidArgument, "AS_OF_MISSING",
                     "as_of: the instant the answer is to be as of");
  }
  auto instant = events::FromRequestTimestamp(as_of, "AS_OF_INVALID", "as_of");
  if (!instant.ok()) return instant.status();
  if (absl::Status in_range = clock::CheckInstantInRange(*instant, "as_of"); !in_range.ok()) {
    return in_range;
  }
  return instant;
}

}  // namespace

grpc::Status AuditServiceImpl::GetRecognitionStatusAsOf(
    grpc::ServerContext* context, const v1::GetRecognitionStatusAsOfRequest* request,
    v1::GetRecognitionStatusAsOfResponse* response) {
  return service::Serve(
      deps_.authenticator, context, *request, {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto as_of = AsOf(request->as_of(), request->has_as_of());
        if (!as_of.ok()) return as_of.status();
        auto run = BeginExpensiveRead("as-of");
        if (!run.ok()) return run.status();
        auto view =
            AsOfView::Open(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules,
                           "recognition", *as_of, (*run)->scratch_dir() + "/view", call.deadline);
        if (!view.ok()) return view.status();
        FixedAuthenticator caller(call.principal);
        recognition::RecognitionServiceImpl service((*view)->runtime(), caller,
                                                    deps_.municipalities, deps_.topics.recognition);
        grpc::ServerContext inner;
        response->set_facts_known((*view)->facts_known());
        return rpc::FromGrpcStatus(
            service.GetRecognitionStatus(&inner, &request->query(), response->mutable_answer()));
      });
}

grpc::Status AuditServiceImpl::ListRecognisedAcademiesAsOf(
    grpc::ServerContext* context, const v1::ListRecognisedAcademiesAsOfRequest* request,
    v1::ListRecognisedAcademiesAsOfResponse* response) {
  return service::Serve(
      deps_.authenticator, context, *request, {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto as_of = AsOf(request->as_of(), request->has_as_of());
        if (!as_of.ok()) return as_of.status();
        auto run = BeginExpensiveRead("as-of");
        if (!run.ok()) return run.status();
        auto view =
            AsOfView::Open(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules,
                           "recognition", *as_of, (*run)->scratch_dir() + "/view", call.deadline);
        if (!view.ok()) return view.status();
        FixedAuthenticator caller(call.principal);
        recognition::RecognitionServiceImpl service((*view)->runtime(), caller,
                                                    deps_.municipalities, deps_.topics.recognition);
        grpc::ServerContext inner;
        response->set_facts_known((*view)->facts_known());
        return rpc::FromGrpcStatus(
            service.ListRecognisedAcademies(&inner, &request->query(), response->mutable_answer()));
      });
}

grpc::Status AuditServiceImpl::GetCoverageAsOf(grpc::ServerContext* context,
                                               const v1::GetCoverageAsOfRequest* request,
                                               v1::GetCoverageAsOfResponse* response) {
  return service::Serve(
      deps_.authenticator, context, *request, {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto as_of = AsOf(request->as_of(), request->has_as_of());
        if (!as_of.ok()) return as_of.status();
        auto run = BeginExpensiveRead("as-of");
        if (!run.ok()) return run.status();
        auto view =
            AsOfView::Open(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules, "subsidy",
                           *as_of, (*run)->scratch_dir() + "/view", call.deadline);
        if (!view.ok()) return view.status();
        FixedAuthenticator caller(call.principal);
        subsidy::ReportServiceImpl reports((*view)->runtime(), caller, deps_.municipalities);
        grpc::ServerContext inner;
        response->set_facts_known((*view)->facts_known());
        return rpc::FromGrpcStatus(
            reports.GetCoverage(&inner, &request->query(), response->mutable_answer()));
      });
}

}  // namespace stem::audit
