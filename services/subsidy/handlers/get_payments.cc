#include "contexts/subsidy/partnership_records.h"
#include "contexts/subsidy/payments_state.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/service/call.h"
#include "services/subsidy/subsidy_access.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::GetPayments(grpc::ServerContext* context,
                                             const v1::GetPaymentsRequest* request,
                                             v1::GetPaymentsResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request,
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR}, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto approved = LoadApprovedPartnership(state, request->partnership_id());
        if (!approved.ok()) return approved.status();
        auto payments = LoadPayments(state, request->partnership_id());
        if (!payments.ok()) return payments.status();
        if (!*approved && !*payments) {
          return MakeError(absl::StatusCode::kNotFound, "PARTNERSHIP_NOT_FOUND",
                           "no approved partnership with id " + Quote(request->partnership_id()));
        }
        v1::Payments result = payments->value_or(v1::Payments());
        result.set_partnership_id(request->partnership_id());
        if (*approved) {
          result.set_call_id((*approved)->call_id());
          result.set_lead_kbo((*approved)->lead_kbo());
          result.set_approved_cents((*approved)->approved_cents());
        }
        // The lead academy reads its partnership's payments; partners are not paid here.
        if (absl::Status reader = RequireAcademyReader(call.principal, result.lead_kbo());
            !reader.ok()) {
          return reader;
        }
        result.set_outstanding_cents(result.approved_cents() - result.ordered_cents());
        *response->mutable_payments() = std::move(result);
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
