#include "contexts/recognition/register.h"

#include "contexts/recognition/academy_state.h"
#include "libs/clock/date.h"
#include "libs/projection/typed_state.h"

namespace stem::recognition {

absl::StatusOr<Standing> StandingOn(const v1::Academy& academy, absl::CivilDay day) {
  auto history = HistoryOf(academy);
  if (!history.ok()) return history.status();
  Standing standing{*std::move(history), {}, nullptr};
  standing.on = domain::RecognitionOn(standing.history, day);
  if (!standing.on.recognised()) return standing;
  for (const v1::Grant& grant : academy.grants()) {
    if (grant.decided_at_version() == standing.on.grant->decided_at) standing.grant = &grant;
  }
  return standing;
}

absl::Status ScanRecognised(const projection::StateReader& state, const std::string& after_kbo,
                            absl::CivilDay day, const RecognisedVisitor& visit) {
  return ScanAcademies(state, after_kbo,
                       [&](const v1::Academy& academy) -> absl::StatusOr<projection::Visit> {
                         auto standing = StandingOn(academy, day);
                         if (!standing.ok()) return standing.status();
                         if (standing->grant == nullptr) return projection::Visit::kContinue;
                         return visit(academy, *standing);
                       });
}

v1::RegisterEntry RegisterEntryOf(const v1::Academy& academy, const Standing& standing,
                                  absl::CivilDay day) {
  v1::RegisterEntry entry;
  entry.set_kbo(academy.kbo());
  entry.set_name(academy.name());
  if (standing.grant != nullptr) entry.set_kind(standing.grant->kind());
  auto until = domain::RecognisedUntil(standing.history, day);
  if (until) {
    entry.set_valid_until(clock::FormatDate(*until));
  } else if (standing.grant != nullptr) {
    entry.set_valid_until(standing.grant->valid_until());
  }
  *entry.mutable_municipality_nis_codes() = academy.municipality_nis_codes();
  return entry;
}

}  // namespace stem::recognition
