// Municipal demand for a period (rulebook section 4): the latest registration per
// municipality, "subsidy/demand/<period id>/<nis code>", written by the demand's own facts
// only.
#ifndef STEM_CONTEXTS_SUBSIDY_DEMAND_STATE_H_
#define STEM_CONTEXTS_SUBSIDY_DEMAND_STATE_H_

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

inline constexpr char kDemandAggregate[] = "demand";

// "<period id>/<nis code>": the aggregate id of a municipality's demand.
std::string DemandId(const std::string& period_id, const std::string& nis_code);

absl::StatusOr<std::optional<v1::Demand>> LoadDemand(const projection::StateReader& state,
                                                     const std::string& period_id,
                                                     const std::string& nis_code);

// Visits the period's demand in NIS-code order, after `after_nis` when it is not empty,
// until `visit` stops or fails (its error is the scan's).
absl::Status ScanDemand(const projection::StateReader& state, const std::string& period_id,
                        const std::string& after_nis, const projection::Visitor<v1::Demand>& visit);

// The municipalities whose demand for the period stands.
absl::StatusOr<std::set<std::string>> StandingDemand(const projection::StateReader& state,
                                                     const std::string& period_id);

// Applies MunicipalDemandRegistered or MunicipalDemandWithdrawn.
absl::Status ProjectDemandFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_DEMAND_STATE_H_
