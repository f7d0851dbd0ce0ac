#include "contexts/partnership/partner_confirmation.h"

#include <vector>

#include "absl/strings/str_join.h"
#include "libs/common/error.h"

namespace stem::partnership {

absl::Status RequirePartnersConfirmed(
    const google::protobuf::RepeatedPtrField<v1::Partner>& partners, const PartnerAnswers& answers,
    const std::set<std::string>& academies) {
  std::vector<std::string> unanswered;
  std::vector<std::string> declined;
  for (const v1::Partner& partner : partners) {
    if (academies.count(partner.kbo()) == 0) continue;
    auto answer = answers.find(partner.kbo());
    if (answer == answers.end()) {
      unanswered.push_back(partner.kbo());
    } else if (!answer->second) {
      declined.push_back(partner.kbo());
    }
  }
  if (unanswered.empty() && declined.empty()) return absl::OkStatus();
  std::string message = "every partner that is an academy confirms its participation first";
  if (!unanswered.empty()) {
    message += "; not yet confirmed: " + absl::StrJoin(unanswered, ", ");
  }
  if (!declined.empty()) {
    message += "; declined: " + absl::StrJoin(declined, ", ") +
               " (the lead applies anew with other partners)";
  }
  return MakeError(absl::StatusCode::kFailedPrecondition, "PARTNER_NOT_CONFIRMED", message);
}

}  // namespace stem::partnership
