#include "contexts/subsidy/subsidy_fact_rules.h"

#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::subsidy {
namespace {

// The terms every reader of a period computes with (section 5): days and window forward.
absl::Status CheckOpened(const v1::PeriodOpened& fact) {
  auto first = clock::ParseDate(fact.first_day());
  auto last = clock::ParseDate(fact.last_day());
  auto opens = clock::ParseInstant(fact.window_opens_at());
  auto closes = clock::ParseInstant(fact.window_closes_at());
  if ((first.ok() && last.ok() && *last < *first) ||
      (opens.ok() && closes.ok() && *closes <= *opens)) {
    return MakeError(absl::StatusCode::kInvalidArgument, "DATE_RANGE_INVALID",
                     "a period's days and window each end after they start");
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterSubsidyFactRules(events::FactRules& rules) {
  rules.RegisterDeclared<v1::PeriodOpened>(CheckOpened);
  rules.RegisterDeclared<v1::SubsidyApplicationSubmitted>();
  rules.RegisterDeclared<v1::SubsidyApplicationWithdrawn>();
  rules.RegisterDeclared<v1::MunicipalDemandRegistered>();
  rules.RegisterDeclared<v1::MunicipalDemandWithdrawn>();
  rules.RegisterDeclared<v1::SubsidyDecided>();
  rules.RegisterDeclared<v1::PeriodAllocated>();
  rules.RegisterDeclared<v1::PaymentOrdered>();
}

}  // namespace stem::subsidy
