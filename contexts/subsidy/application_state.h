// Applications for a period (rulebook section 5): one per academy and period,
// "subsidy/application/<period id>/<kbo>", written by the application's own facts only.
#ifndef STEM_CONTEXTS_SUBSIDY_APPLICATION_STATE_H_
#define STEM_CONTEXTS_SUBSIDY_APPLICATION_STATE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

inline constexpr char kApplicationAggregate[] = "application";

// "<period id>/<kbo>": the aggregate id of an application.
std::string ApplicationId(const std::string& period_id, const std::string& kbo);

absl::StatusOr<std::optional<v1::Application>> LoadApplication(const projection::StateReader& state,
                                                               const std::string& period_id,
                                                               const std::string& kbo);

// Visits the period's applications in KBO order, those after `after_kbo` when it is not
// empty, until `visit` stops or fails (its error is the scan's).
absl::Status ScanApplications(const projection::StateReader& state, const std::string& period_id,
                              const std::string& after_kbo,
                              const projection::Visitor<v1::Application>& visit);

// Applies SubsidyApplicationSubmitted or SubsidyApplicationWithdrawn.
absl::Status ProjectApplicationFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_APPLICATION_STATE_H_
