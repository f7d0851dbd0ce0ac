#include "contexts/subsidy/subsidy_validation.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/allocation/allocation_rule.h"
#include "libs/clock/clock.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/domain/child_minutes.h"

namespace stem::subsidy {
namespace {

constexpr size_t kMaxPeriodIdLength = 64;

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(ToAbsl(text)));
}

// Ids name aggregates ("<period id>/<kbo>") and keys: no '/' and nothing to escape.
bool ValidPeriodId(const std::string& id) {
  if (id.empty() || id.size() > kMaxPeriodIdLength) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

// Instants are recorded in UTC, to the second: "2019-01-31T23:00:00Z".
std::string Instant(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", instant, absl::UTCTimeZone());
}

absl::Status ValidateRule(const v1::OpenPeriodRequest& request, v1::PeriodOpened& fact) {
  auto rule = allocation::FindRule(request.rule_id());
  if (!rule.ok()) return Invalid("RULE_UNKNOWN", FromAbsl(rule.status().message()));
  const std::map<std::string, std::string> parameters(request.rule_parameters().begin(),
                                                      request.rule_parameters().end());
  if (absl::Status valid = (*rule)->ValidateParameters(parameters); !valid.ok()) {
    return Invalid("RULE_PARAMETERS_INVALID", FromAbsl(valid.message()));
  }
  fact.set_rule_id((*rule)->id());
  fact.set_rule_version((*rule)->version());
  *fact.mutable_rule_parameters() = request.rule_parameters();
  return absl::OkStatus();
}

absl::Status ValidateMoney(const v1::OpenPeriodRequest& request, v1::PeriodOpened& fact) {
  if (request.budget_cents() <= 0) {
    return Invalid("BUDGET_INVALID", "the budget is a positive number of cents");
  }
  if (request.minimum_grant_cents() < 0 || request.minimum_grant_cents() > request.budget_cents()) {
    return Invalid("MINIMUM_GRANT_INVALID",
                   "the minimum grant is 0 (none) or a number of cents up to the budget");
  }
  if (request.academy_cap_cents() < 0 ||
      (request.academy_cap_cents() > 0 &&
       request.academy_cap_cents() < request.minimum_grant_cents())) {
    return Invalid("CAP_INVALID",
                   "the per-academy cap is 0 (none) or a number of cents, not below the "
                   "minimum grant");
  }
  fact.set_budget_cents(request.budget_cents());
  fact.set_minimum_grant_cents(request.minimum_grant_cents());
  fact.set_academy_cap_cents(request.academy_cap_cents());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::PeriodOpened> ValidateOpenPeriod(const v1::OpenPeriodRequest& request) {
  v1::PeriodOpened fact;
  if (!ValidPeriodId(request.period_id())) {
    return Invalid("PERIOD_ID_INVALID",
                   "a period id is 1-64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
  }
  fact.set_period_id(request.period_id());
  const std::string title = Trimmed(request.title());
  // Lengths and characters of text were checked with the request (request_limits.h).
  if (title.empty()) {
    return Invalid("TITLE_MISSING", "a period has a title");
  }
  fact.set_title(title);
  auto first = clock::ParseDate(request.first_day());
  auto last = clock::ParseDate(request.last_day());
  auto opens = clock::ParseInstant(request.window_opens_at());
  auto closes = clock::ParseInstant(request.window_closes_at());
  auto deadline = clock::ParseInstant(request.reporting_deadline());
  for (const absl::Status& parsed :
       {first.status(), last.status(), opens.status(), closes.status(), deadline.status()}) {
    if (clock::IsDateOutOfRange(parsed)) return parsed;
  }
  if (!first.ok() || !last.ok() || *last < *first) {
    return Invalid("ACTIVITY_DATES_INVALID",
                   "first_day and last_day are ISO dates, the first not after the last");
  }
  fact.set_first_day(clock::FormatDate(*first));
  fact.set_last_day(clock::FormatDate(*last));
  if (!opens.ok() || !closes.ok() || *closes <= *opens) {
    return Invalid("WINDOW_INVALID",
                   "the window is [window_opens_at, window_closes_at), RFC 3339 instants, "
                   "opening before it closes");
  }
  fact.set_window_opens_at(Instant(*opens));
  fact.set_window_closes_at(Instant(*closes));
  const absl::Time period_over = clock::FromLocal(absl::CivilSecond(*last + 1));
  if (!deadline.ok() || *deadline < *closes || *deadline < period_over) {
    return Invalid("REPORTING_DEADLINE_INVALID",
                   "the reporting deadline is an RFC 3339 instant, not before the window "
                   "closes and not before the period's last day is over (" +
                       Instant(period_over) + ")");
  }
  fact.set_reporting_deadline(Instant(*deadline));
  if (absl::Status money = ValidateMoney(request, fact); !money.ok()) return money;
  if (absl::Status rule = ValidateRule(request, fact); !rule.ok()) return rule;
  return fact;
}

absl::StatusOr<v1::MunicipalDemandRegistered> ValidateDemand(
    const v1::RegisterDemandRequest& request, const v1::PeriodOpened& period,
    const domain::MunicipalityRegistry& municipalities) {
  v1::MunicipalDemandRegistered fact;
  const common::v1::AgeRange& ages = request.ages();
  if (ages.min_age() < 0 || ages.min_age() > ages.max_age() ||
      ages.max_age() < domain::kMinEligibleAge || ages.min_age() > domain::kMaxEligibleAge) {
    return Invalid("AGE_RANGE_INVALID",
                   "the wanted ages are min <= max, overlapping the eligible ages 5 to 18");
  }
  if (request.domains().empty()) {
    return Invalid("DOMAINS_MISSING", "name at least one wanted STEM domain");
  }
  std::set<int> domains;
  for (int domain : request.domains()) {
    if (!common::v1::StemDomain_IsValid(domain) || domain == common::v1::STEM_DOMAIN_UNSPECIFIED) {
      return Invalid("DOMAIN_INVALID", absl::StrCat("no STEM domain has number ", domain));
    }
    domains.insert(domain);
  }
  const std::string note = Trimmed(request.note());
  const std::string& nis = request.municipality_nis_code();
  auto first = clock::ParseDate(period.first_day());
  auto last = clock::ParseDate(period.last_day());
  if (!first.ok() || !last.ok()) {
    return absl::DataLossError("period " + period.period_id() + " has unreadable dates");
  }
  if (!municipalities.Find(nis, *first) && !municipalities.Find(nis, *last)) {
    return Invalid("MUNICIPALITY_UNKNOWN", "no Flemish municipality has NIS code " + Quote(nis) +
                                               "' during period " + period.period_id());
  }
  fact.set_period_id(period.period_id());
  fact.set_municipality_nis_code(nis);
  *fact.mutable_ages() = ages;
  for (int domain : domains) fact.add_domains(static_cast<common::v1::StemDomain>(domain));
  fact.set_note(note);
  return fact;
}

absl::StatusOr<std::string> ValidateWithdrawalReason(const std::string& reason) {
  return Trimmed(reason);
}

}  // namespace stem::subsidy
