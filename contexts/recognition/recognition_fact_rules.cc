#include "contexts/recognition/recognition_fact_rules.h"

#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::recognition {
namespace {

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

// The KBO number as the suite stores it: 10 digits with their check digits.
absl::Status StoredKbo(const std::string& kbo) {
  auto normalized = domain::NormalizeKbo(kbo);
  if (!normalized.ok()) return normalized.status();
  if (*normalized != kbo) return Invalid("KBO_INVALID", "a KBO number is stored as 10 digits");
  return absl::OkStatus();
}

absl::Status CheckSubmitted(const v1::ApplicationSubmitted& fact) { return StoredKbo(fact.kbo()); }

// Declared dates are in range; a grant also runs forward (section 2).
absl::Status CheckGranted(const v1::RecognitionGranted& fact) {
  auto from = clock::ParseDate(fact.valid_from());
  auto until = clock::ParseDate(fact.valid_until());
  if (from.ok() && until.ok() && *until < *from) {
    return Invalid("DATE_RANGE_INVALID", "a recognition ends on or after the day it starts");
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterRecognitionFactRules(events::FactRules& rules) {
  rules.RegisterDeclared<v1::ApplicationSubmitted>(CheckSubmitted);
  rules.RegisterDeclared<v1::RecognitionGranted>(CheckGranted);
  rules.RegisterDeclared<v1::ApplicationRejected>();
  rules.RegisterDeclared<v1::RecognitionRevoked>();
}

}  // namespace stem::recognition
