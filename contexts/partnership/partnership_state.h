// The partnership aggregate as the partnership service keeps it (rulebook section 6): one
// Partnership per application under "partnership/<partnership id>", holding its
// application, its reports and its version. Written by the partnership's own facts only;
// the call's decision on it lives with the call (call_state.h) and is joined at query time
// (partnership_view.h).
#ifndef STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_STATE_H_
#define STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_STATE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/partnership/v1/partnership_service.pb.h"

namespace stem::partnership {

inline constexpr char kPartnershipAggregate[] = "partnership";

// "ptn-" + the first 16 hex digits of SHA-256(lead kbo + "/" + request_id): a retried
// request names the same aggregate, so the command processor answers it from its request
// record.
std::string PartnershipIdFor(const std::string& lead_kbo, const std::string& request_id);

// "interim-<n>" or "final-<n>": the report whose submission took the partnership's
// version n.
std::string ReportIdFor(v1::ReportKind kind, int64_t version);

absl::StatusOr<std::optional<v1::Partnership>> LoadPartnership(const projection::StateReader& state,
                                                               const std::string& partnership_id);

// NOT_FOUND (APPLICATION_NOT_FOUND) when no application has this id.
absl::StatusOr<v1::Partnership> RequirePartnership(const projection::StateReader& state,
                                                   const std::string& partnership_id);

// Visits partnerships in id order, starting after `after_id` ("" for the first), until
// `visit` returns false.
absl::Status ScanPartnerships(const projection::StateReader& state, const std::string& after_id,
                              const projection::Visitor<v1::Partnership>& visit);

// Applies one fact of a partnership aggregate.
absl::Status ProjectPartnershipFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch);

}  // namespace stem::partnership

#endif  // STEM_CONTEXTS_PARTNERSHIP_PARTNERSHIP_STATE_H_
