#include "contexts/recognition/academy_state.h"

#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"

namespace stem::recognition {
namespace {

constexpr char kPrefix[] = "academy/";

}  // namespace

absl::StatusOr<std::optional<v1::Academy>> LoadAcademy(const projection::StateReader& state,
                                                       const std::string& kbo) {
  return projection::LoadMessage<v1::Academy>(state, kPrefix + kbo);
}

void StoreAcademy(projection::Batch& batch, const v1::Academy& academy) {
  batch.Put(kPrefix + academy.kbo(), projection::StateBytes(academy));
}

absl::Status ScanAcademies(const projection::StateReader& state, const std::string& after_kbo,
                           const projection::Visitor<v1::Academy>& visit) {
  return projection::ScanMessages<v1::Academy>(
      state, kPrefix, [&](std::string_view, const v1::Academy& academy) { return visit(academy); },
      after_kbo);
}

absl::StatusOr<domain::RecognitionHistory> HistoryOf(const v1::Academy& academy) {
  // Dates in state were validated before they were written; the store is read as input all
  // the same.
  const std::string what = "academy " + academy.kbo();
  domain::RecognitionHistory history;
  for (const v1::Grant& grant : academy.grants()) {
    auto from = clock::ParseStoredDate(grant.valid_from(), what);
    if (!from.ok()) return from.status();
    auto until = clock::ParseStoredDate(grant.valid_until(), what);
    if (!until.ok()) return until.status();
    history.grants.push_back({*from, *until, grant.decided_at_version()});
  }
  for (const v1::Revocation& revocation : academy.revocations()) {
    auto from = clock::ParseStoredDate(revocation.effective_from(), what);
    if (!from.ok()) return from.status();
    history.revocations.push_back({*from, revocation.decided_at_version()});
  }
  return history;
}

absl::StatusOr<v1::Academy> RequireAcademy(const projection::StateReader& state,
                                           const std::string& kbo) {
  auto academy = LoadAcademy(state, kbo);
  if (!academy.ok()) return academy.status();
  if (!*academy) {
    return MakeError(absl::StatusCode::kNotFound, "ACADEMY_NOT_FOUND",
                     "no academy with KBO number " + kbo + " has applied");
  }
  return std::move(**academy);
}

}  // namespace stem::recognition
