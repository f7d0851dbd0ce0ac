#include "libs/domain/recognition_rules.h"

namespace stem::domain {

absl::CivilDay GrantValidUntil(absl::CivilDay from, int years) {
  int day = from.day();
  if (from.month() == 2 && day == 29) day = 28;
  const absl::CivilDay anniversary(from.year() + years, from.month(), day);
  return anniversary - 1;
}

std::optional<absl::CivilDay> RevokedFrom(const RecognitionHistory& history,
                                          const GrantPeriod& grant) {
  std::optional<absl::CivilDay> earliest;
  for (const Revocation& revocation : history.revocations) {
    if (revocation.decided_at > grant.decided_at &&
        (!earliest || revocation.effective_from < *earliest)) {
      earliest = revocation.effective_from;
    }
  }
  return earliest;
}

RecognitionOnDay RecognitionOn(const RecognitionHistory& history, absl::CivilDay day) {
  RecognitionOnDay answer;
  if (history.grants.empty()) return answer;
  bool any_started = false;
  bool any_covering = false;
  for (const GrantPeriod& grant : history.grants) {
    if (grant.valid_from <= day) any_started = true;
    if (day < grant.valid_from || grant.valid_until < day) continue;
    any_covering = true;
    const std::optional<absl::CivilDay> revoked = RevokedFrom(history, grant);
    if (revoked && *revoked <= day) continue;
    if (!answer.grant || grant.decided_at > answer.grant->decided_at) answer.grant = grant;
  }
  if (!answer.grant) {
    answer.because = any_covering  ? NotRecognisedBecause::kRevoked
                     : any_started ? NotRecognisedBecause::kExpired
                                   : NotRecognisedBecause::kNotYetValid;
  }
  return answer;
}

std::optional<absl::CivilDay> RecognisedUntil(const RecognitionHistory& history,
                                              absl::CivilDay day) {
  std::optional<absl::CivilDay> last;
  // Each step moves past the end of one grant, so this ends after at most one step per grant.
  for (size_t step = 0; step <= history.grants.size(); ++step) {
    const RecognitionOnDay on = RecognitionOn(history, day);
    if (!on.recognised()) break;
    absl::CivilDay end = on.grant->valid_until;
    if (auto revoked = RevokedFrom(history, *on.grant); revoked && *revoked - 1 < end) {
      end = *revoked - 1;
    }
    last = end;
    day = end + 1;
  }
  return last;
}

bool RecognisedOnOrBefore(const RecognitionHistory& history, absl::CivilDay day) {
  for (const GrantPeriod& grant : history.grants) {
    if (grant.valid_from <= day && RecognitionOn(history, grant.valid_from).recognised()) {
      return true;
    }
  }
  return false;
}

const char* ToString(NotRecognisedBecause because) {
  switch (because) {
    case NotRecognisedBecause::kNeverGranted:
      return "NEVER_GRANTED";
    case NotRecognisedBecause::kNotYetValid:
      return "NOT_YET_VALID";
    case NotRecognisedBecause::kExpired:
      return "EXPIRED";
    case NotRecognisedBecause::kRevoked:
      return "REVOKED";
  }
  return "UNKNOWN";
}

}  // namespace stem::domain
