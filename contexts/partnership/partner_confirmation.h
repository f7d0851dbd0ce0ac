// Partners that are academies confirm their participation (rulebook section 6): an
// application is approved only when every partner that is an academy - recognised on the
// decision date or before it - has confirmed, as its latest answer. One rule, applied by the
// approval's decider (decision_rules.h) and re-judged by the audit
// (services/audit/officer_decision_audit.h) from the facts known at the decision.
#ifndef STEM_CONTEXTS_PARTNERSHIP_PARTNER_CONFIRMATION_H_
#define STEM_CONTEXTS_PARTNERSHIP_PARTNER_CONFIRMATION_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/repeated_field.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::partnership {

// Each partner's latest answer: true when it confirmed, false when it declined.
using PartnerAnswers = std::map<std::string, bool>;

// FAILED_PRECONDITION (PARTNER_NOT_CONFIRMED) naming the partners in `academies` that have
// not confirmed - not answered, or declined; OK when there are none.
absl::Status RequirePartnersConfirmed(
    const google::protobuf::RepeatedPtrField<v1::Partner>& partners, const PartnerAnswers& answers,
    const std::set<std::string>& academies);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PARTNER_CONFIRMATION_H_
