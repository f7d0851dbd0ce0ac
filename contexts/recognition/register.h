// Reading the register: an academy's recognition on a date, as queries answer it.
#ifndef STEM_CONTEXTS_RECOGNITION_REGISTER_H_
#define STEM_CONTEXTS_RECOGNITION_REGISTER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/domain/recognition_rules.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::recognition {

// The academy's recognition on `day` (rulebook section 2) with the grant that covers it
// (nullptr when it is not recognised then).
struct Standing {
  domain::RecognitionHistory history;
  domain::RecognitionOnDay on;
  const v1::Grant* grant = nullptr;
};
absl::StatusOr<Standing> StandingOn(const v1::Academy& academy, absl::CivilDay day);

// Visits the academies recognised on `day` (in KBO order, after `after_kbo`) with their
// standing, until `visit` stops or fails; DATA_LOSS for an academy whose stored dates are
// unreadable.
using RecognisedVisitor =
    std::function<absl::StatusOr<projection::Visit>(const v1::Academy&, const Standing&)>;
absl::Status ScanRecognised(const projection::StateReader& state, const std::string& after_kbo,
                            absl::CivilDay day, const RecognisedVisitor& visit);

// The register's line for an academy recognised on `day` by `grant`.
v1::RegisterEntry RegisterEntryOf(const v1::Academy& academy, const Standing& standing,
                                  absl::CivilDay day);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_REGISTER_H_
