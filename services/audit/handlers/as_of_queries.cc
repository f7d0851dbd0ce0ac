// The as-of queries: the owning context's own query (the same function its service
// answers with), over a view of the log as it stood (as_of.h), for the caller authenticated
// here.
#include "contexts/recognition/register_queries.h"
#include "contexts/subsidy/coverage.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/events/timestamps.h"
#include "libs/rpc/status.h"
#include "libs/service/call.h"
#include "services/audit/as_of.h"
#include "services/audit/audit_service.h"

namespace stem::audit {
namespace {

using identity::v1::ACTOR_ROLE_AUDITOR;
using identity::v1::ACTOR_ROLE_OFFICER;

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

// The date of the view's instant: what "today" was then.
absl::CivilDay TodayOf(AsOfView& view) { return clock::LocalDate(view.runtime().clock().Now()); }

}  // namespace

grpc::Status AuditServiceImpl::GetRecognitionStatusAsOf(
    grpc::ServerContext* context, const v1::GetRecognitionStatusAsOfRequest* request,
    v1::GetRecognitionStatusAsOfResponse* response) {
  return service::Serve(
      deps_.authenticator, context, *request, {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
      [&](const service::Call&) -> absl::Status {
        auto as_of = AsOf(request->as_of(), request->has_as_of());
        if (!as_of.ok()) return as_of.status();
        auto run = BeginExpensiveRead("as-of", *context);
        if (!run.ok()) return run.status();
        auto view = AsOfView::Open(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules,
                                   "recognition", *as_of, (*run)->scratch_dir() + "/view",
                                   (*run)->deadline());
        if (!view.ok()) return view.status();
        response->set_facts_known((*view)->facts_known());
        return recognition::AnswerRecognitionStatus((*view)->runtime().state(), request->query(),
                                                    TodayOf(**view), *response->mutable_answer());
      });
}

grpc::Status AuditServiceImpl::ListRecognisedAcademiesAsOf(
    grpc::ServerContext* context, const v1::ListRecognisedAcademiesAsOfRequest* request,
    v1::ListRecognisedAcademiesAsOfResponse* response) {
  return service::Serve(
      deps_.authenticator, context, *request, {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
      [&](const service::Call&) -> absl::Status {
        auto as_of = AsOf(request->as_of(), request->has_as_of());
        if (!as_of.ok()) return as_of.status();
        auto run = BeginExpensiveRead("as-of", *context);
        if (!run.ok()) return run.status();
        auto view = AsOfView::Open(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules,
                                   "recognition", *as_of, (*run)->scratch_dir() + "/view",
                                   (*run)->deadline());
        if (!view.ok()) return view.status();
        response->set_facts_known((*view)->facts_known());
        return recognition::AnswerRecognisedAcademies((*view)->runtime().state(), request->query(),
                                                      TodayOf(**view), *response->mutable_answer());
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
        auto run = BeginExpensiveRead("as-of", *context);
        if (!run.ok()) return run.status();
        auto view =
            AsOfView::Open(deps_.log, deps_.topics, deps_.upcasters, deps_.fact_rules, "subsidy",
                           *as_of, (*run)->scratch_dir() + "/view", (*run)->deadline());
        if (!view.ok()) return view.status();
        response->set_facts_known((*view)->facts_known());
        auto coverage = subsidy::AnswerCoverage((*view)->runtime().state(), deps_.municipalities,
                                                request->query(), call.principal);
        if (!coverage.ok()) return coverage.status();
        *response->mutable_answer() = *std::move(coverage);
        return absl::OkStatus();
      });
}

}  // namespace stem::audit
