#include "services/recognition/register.h"

#include "services/recognition/academy_state.h"

namespace stem::recognition {

const v1::Grant* CoveringGrant(const v1::Academy& academy, absl::CivilDay day) {
  const domain::RecognitionOnDay on = domain::RecognitionOn(HistoryOf(academy), day);
  if (!on.recognised()) return nullptr;
  for (const v1::Grant& grant : academy.grants()) {
    if (grant.decided_at_version() == on.grant->decided_at) return &grant;
  }
  return nullptr;
}

v1::RegisterEntry RegisterEntryOf(const v1::Academy& academy, const v1::Grant& grant,
                                  absl::CivilDay day) {
  v1::RegisterEntry entry;
  entry.set_kbo(academy.kbo());
  entry.set_name(academy.name());
  entry.set_kind(grant.kind());
  auto until = domain::RecognisedUntil(HistoryOf(academy), day);
  entry.set_valid_until(until ? absl::FormatCivilTime(*until) : grant.valid_until());
  *entry.mutable_municipality_nis_codes() = academy.municipality_nis_codes();
  return entry;
}

}  // namespace stem::recognition
