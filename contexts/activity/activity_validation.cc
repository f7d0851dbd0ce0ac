#include "contexts/activity/activity_validation.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/clock/clock.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"

namespace stem::activity {
namespace {

// No session has a million children of one age; the bound keeps child-minutes far from
// overflowing 64 bits.
constexpr int64_t kMaxParticipantsPerAge = 1000000;

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(ToAbsl(text)));
}

struct ValidSession {
  v1::Session session;
  absl::CivilDay day;
};

absl::StatusOr<ValidSession> ValidateSession(const v1::SessionSpec& spec, int index) {
  const std::string which = absl::StrCat("session ", index + 1, ": ");
  auto date = clock::ParseDate(spec.date());
  if (!date.ok())
    return Invalid(ReasonOf(date.status()), which + std::string(date.status().message()));
  const std::optional<int> start = MinutesOfDay(spec.start_time());
  const std::optional<int> end = MinutesOfDay(spec.end_time());
  if (!start || !end) {
    return Invalid("SESSION_TIME_INVALID", which + "times are written HH:MM (00:00-23:59)");
  }
  if (*end <= *start || *end - *start > kMaxSessionMinutes) {
    return Invalid("SESSION_TIME_INVALID",
                   which + "a session ends after it starts, on the same day, within 12 hours");
  }
  v1::Session session;
  session.set_session_id(absl::StrCat("s", index + 1));
  session.set_date(clock::FormatDate(*date));
  session.set_start_time(spec.start_time());
  session.set_end_time(spec.end_time());
  return ValidSession{std::move(session), *date};
}

}  // namespace

std::optional<int> MinutesOfDay(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(hh_mm[i]))) return std::nullopt;
  }
  const int hours = (hh_mm[0] - '0') * 10 + (hh_mm[1] - '0');
  const int minutes = (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

domain::MinuteRange SessionMinutes(const v1::Session& session) {
  return {MinutesOfDay(session.start_time()).value_or(0),
          MinutesOfDay(session.end_time()).value_or(0)};
}

absl::StatusOr<absl::CivilDay> SessionDate(const std::string& activity_id,
                                           const v1::Session& session) {
  return clock::ParseStoredDate(
      session.date(), absl::StrCat("session ", session.session_id(), " of activity ", activity_id));
}

absl::Status RequireReason(const std::string& reason) {
  if (Trimmed(reason).empty()) {
    return Invalid("REASON_MISSING", "a cancellation states its reason");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ActivityRegistered> ValidateRegistration(
    const v1::RegisterActivityRequest& request,
    const domain::MunicipalityRegistry& municipalities) {
  v1::ActivityRegistered fact;
  auto kbo = domain::NormalizeKbo(request.academy_kbo());
  if (!kbo.ok()) return kbo.status();
  fact.set_academy_kbo(*kbo);

  const std::string title = Trimmed(request.title());
  // Its length and characters were checked with the request (request_limits.h).
  if (title.empty()) {
    return Invalid("TITLE_MISSING", "give the activity's title");
  }
  fact.set_title(title);

  if (request.domains().empty()) {
    return Invalid("DOMAINS_MISSING", "name at least one STEM domain of the activity");
  }
  std::set<int> domains;
  for (int domain : request.domains()) {
    if (domain == common::v1::STEM_DOMAIN_UNSPECIFIED || !common::v1::StemDomain_IsValid(domain)) {
      return Invalid("DOMAIN_INVALID",
                     "domains are SCIENCE, TECHNOLOGY, ENGINEERING, MATHEMATICS or DIGITAL");
    }
    domains.insert(domain);
  }
  for (int domain : domains) fact.add_domains(static_cast<common::v1::StemDomain>(domain));

  const common::v1::AgeRange& ages = request.ages();
  // Activities are for children of 5-18 (rulebook, preamble and section 3), so their range
  // must reach into it, as an academy's does (section 2).
  if (ages.min_age() < 0 || ages.max_age() > 99 || ages.min_age() > ages.max_age() ||
      ages.min_age() > 18 || ages.max_age() < 5) {
    return Invalid("AGE_RANGE_INVALID",
                   "the age range needs min_age <= max_age, within 0-99, overlapping 5-18");
  }
  *fact.mutable_ages() = ages;

  if (request.sessions().empty() || request.sessions_size() > kMaxSessions) {
    return Invalid("SESSIONS_COUNT_INVALID", "an activity has 1 to 200 sessions");
  }
  std::vector<absl::CivilDay> dates;
  for (int i = 0; i < request.sessions_size(); ++i) {
    auto session = ValidateSession(request.sessions(i), i);
    if (!session.ok()) return session.status();
    dates.push_back(session->day);
    *fact.add_sessions() = std::move(session->session);
  }

  // The one municipality must exist on every session date (the 2025 mergers fall between
  // the sessions of a long activity).
  const std::string& code = request.municipality_nis_code();
  for (absl::CivilDay date : dates) {
    if (absl::Status valid = municipalities.Validate(code, date); !valid.ok()) return valid;
  }
  fact.set_municipality_nis_code(code);
  return fact;
}

absl::StatusOr<google::protobuf::RepeatedPtrField<v1::AgeCount>> ValidateAttendance(
    const google::protobuf::RepeatedPtrField<v1::AgeCount>& counts) {
  std::map<int, int64_t> by_age;
  for (const v1::AgeCount& count : counts) {
    if (count.age() < 0 || count.age() > 99) {
      return Invalid("ATTENDANCE_INVALID",
                     absl::StrCat("ages are whole years 0-99, not ", count.age()));
    }
    if (count.participants() < 0 || count.participants() > kMaxParticipantsPerAge) {
      return Invalid("ATTENDANCE_INVALID",
                     absl::StrCat("age ", count.age(), " needs a count of 0 to 1000000"));
    }
    if (!by_age.emplace(count.age(), count.participants()).second) {
      return Invalid("ATTENDANCE_INVALID",
                     absl::StrCat("age ", count.age(), " is given more than once"));
    }
  }
  google::protobuf::RepeatedPtrField<v1::AgeCount> sorted;
  for (const auto& [age, participants] : by_age) {
    v1::AgeCount* count = sorted.Add();
    count->set_age(age);
    count->set_participants(participants);
  }
  return sorted;
}

}  // namespace stem::activity
