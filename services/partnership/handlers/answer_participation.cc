// The one path of a partner academy's answer (ConfirmParticipation, DeclineParticipation;
// rulebook section 6): the caller answers for itself only, as a partner the application
// names, while the call has not decided on it.
#include "contexts/partnership/application_validation.h"
#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {
namespace {

absl::Status RequireNamedPartner(const v1::Partnership& partnership, const std::string& kbo) {
  for (const v1::Partner& partner : partnership.application().partners()) {
    if (partner.kbo() == kbo) return absl::OkStatus();
  }
  return MakeError(
      absl::StatusCode::kPermissionDenied, "NOT_A_PARTNER",
      "application " + partnership.partnership_id() + " does not name " + kbo + " as a partner");
}

// Whether the partner's latest answer is already this one: then nothing changes.
bool AlreadyAnswered(const v1::Partnership& partnership, const std::string& kbo, bool confirm) {
  for (const v1::PartnerAnswer& answer : partnership.partner_answers()) {
    if (answer.partner_kbo() == kbo) return answer.confirmed() == confirm && confirm;
  }
  return false;
}

}  // namespace

service::Command<std::string> PartnershipServiceImpl::ParticipationCommand(
    const ParticipationAnswer& answer) {
  return {.prepare = [this, &answer](const service::Call& call) -> absl::StatusOr<std::string> {
            auto kbo = domain::NormalizeKbo(answer.partner_kbo);
            if (!kbo.ok()) return kbo.status();
            if (absl::Status own = service::RequireSelfOrOfficer(call.principal, *kbo); !own.ok()) {
              return own;
            }
            if (!answer.confirm) {
              if (absl::Status reason = RequireReason(answer.reason); !reason.ok()) return reason;
            }
            // The call's decision is another aggregate's fact.
            if (absl::Status fresh = CatchUpWithOtherAggregates(call.deadline); !fresh.ok()) {
              return fresh;
            }
            return kbo;
          },
          .target =
              [this, &answer](const std::string&) {
                return PartnershipTarget(answer.partnership_id, answer.expected_version);
              },
          .decide = [&answer](const service::Call&, const std::string& kbo,
                              const service::Decision& decision) -> absl::StatusOr<service::Facts> {
            auto partnership = RequirePartnership(decision.state, answer.partnership_id);
            if (!partnership.ok()) return partnership.status();
            if (absl::Status named = RequireNamedPartner(*partnership, kbo); !named.ok()) {
              return named;
            }
            auto decided = LoadDecision(decision.state, partnership->application().call_id(),
                                        partnership->partnership_id());
            if (!decided.ok()) return decided.status();
            if (*decided) {
              return MakeError(absl::StatusCode::kFailedPrecondition, "ALREADY_DECIDED",
                               "the call has decided on application " +
                                   partnership->partnership_id() + "; its partners answer before");
            }
            service::Facts facts;
            if (AlreadyAnswered(*partnership, kbo, answer.confirm)) return facts;
            const std::string today = clock::FormatDate(clock::LocalDate(decision.now));
            if (answer.confirm) {
              auto confirmed = std::make_unique<v1::ParticipationConfirmed>();
              confirmed->set_partnership_id(partnership->partnership_id());
              confirmed->set_partner_kbo(kbo);
              confirmed->set_confirmed_on(today);
              facts.push_back(std::move(confirmed));
            } else {
              auto declined = std::make_unique<v1::ParticipationDeclined>();
              declined->set_partnership_id(partnership->partnership_id());
              declined->set_partner_kbo(kbo);
              declined->set_reason(Trimmed(answer.reason));
              declined->set_declined_on(today);
              facts.push_back(std::move(declined));
            }
            return facts;
          },
          .answer = nullptr};
}

}  // namespace stem::partnership
