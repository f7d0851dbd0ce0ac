#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/application_validation.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/command_frame.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {
namespace {

// Whether a revocation from `from` would end any grant that is not already ended by then.
absl::StatusOr<bool> WouldEndAGrant(const v1::Academy& academy, absl::CivilDay from) {
  const std::string what = "a grant of academy " + academy.kbo();
  for (const v1::Grant& grant : academy.grants()) {
    auto valid_until = clock::ParseStoredDate(grant.valid_until(), what);
    if (!valid_until.ok()) return valid_until.status();
    bool already_revoked = false;
    if (!grant.revoked_from().empty()) {
      auto revoked_from = clock::ParseStoredDate(grant.revoked_from(), what);
      if (!revoked_from.ok()) return revoked_from.status();
      already_revoked = *revoked_from <= from;
    }
    if (*valid_until >= from && !already_revoked) return true;
  }
  return false;
}

}  // namespace

grpc::Status RecognitionServiceImpl::RevokeRecognition(grpc::ServerContext* context,
                                                       const v1::RevokeRecognitionRequest* request,
                                                       v1::RevokeRecognitionResponse* response) {
  struct Prepared {
    std::string kbo;
    absl::CivilDay from;
  };
  return service::ServeCommand<Prepared>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) -> absl::StatusOr<Prepared> {
         auto kbo = domain::NormalizeKbo(request->kbo());
         if (!kbo.ok()) return kbo.status();
         auto from = clock::ParseDate(request->effective_from());
         if (!from.ok()) return from.status();
         if (absl::Status reason = RequireReason(request->reason()); !reason.ok()) return reason;
         return Prepared{*std::move(kbo), *from};
       },
       .target =
           [&](const Prepared& prepared) {
             return Target(prepared.kbo, service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const Prepared& prepared,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         const std::string effective_from = clock::FormatDate(prepared.from);
         auto academy = RequireAcademy(decision.state, prepared.kbo);
         if (!academy.ok()) return academy.status();
         auto ends_a_grant = WouldEndAGrant(*academy, prepared.from);
         if (!ends_a_grant.ok()) return ends_a_grant.status();
         if (!*ends_a_grant) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "NOTHING_TO_REVOKE",
                            "academy " + prepared.kbo + " has no recognition running on or after " +
                                effective_from);
         }
         auto revoked = std::make_unique<v1::RecognitionRevoked>();
         revoked->set_effective_from(effective_from);
         revoked->set_reason(request->reason());
         revoked->set_decided_on(clock::FormatDate(clock::LocalDate(decision.now)));
         service::Facts facts;
         facts.push_back(std::move(revoked));
         return facts;
       },
       .answer = service::AnswerVersion<Prepared>(response)});
}

}  // namespace stem::recognition
