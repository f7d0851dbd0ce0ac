// The recognition service's projected state: one Academy record per KBO number.
#ifndef STEM_CONTEXTS_RECOGNITION_ACADEMY_STATE_H_
#define STEM_CONTEXTS_RECOGNITION_ACADEMY_STATE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/domain/recognition_rules.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "libs/service/topics.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::recognition {

inline constexpr char kAggregateType[] = "academy";

absl::StatusOr<std::optional<v1::Academy>> LoadAcademy(const projection::StateReader& state,
                                                       const std::string& kbo);
void StoreAcademy(projection::Batch& batch, const v1::Academy& academy);

// Visits academies in KBO order, starting after `after_kbo` ("" for the first), until
// `visit` returns false.
absl::Status ScanAcademies(const projection::StateReader& state, const std::string& after_kbo,
                           const projection::Visitor<v1::Academy>& visit);

// The academy's grants and revocations as the recognition rules see them; DATA_LOSS when a
// stored date is unreadable.
absl::StatusOr<domain::RecognitionHistory> HistoryOf(const v1::Academy& academy);

// NOT_FOUND (ACADEMY_NOT_FOUND) when the academy never applied.
absl::StatusOr<v1::Academy> RequireAcademy(const projection::StateReader& state,
                                           const std::string& kbo);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_ACADEMY_STATE_H_
