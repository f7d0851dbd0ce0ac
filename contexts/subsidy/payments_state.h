// The tranches ordered for each STEM-partnership (rulebook section 6, "Payments"):
// "subsidy/payments/<partnership id>", written by the payments aggregate's own facts only.
// The approved amount comes from the partnership context (partnership_records.h) and is
// joined in when asked.
#ifndef STEM_CONTEXTS_SUBSIDY_PAYMENTS_STATE_H_
#define STEM_CONTEXTS_SUBSIDY_PAYMENTS_STATE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/typed_state.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

inline constexpr char kPaymentsAggregate[] = "payments";

// The tranches ordered so far (tranches, ordered_cents and version only).
absl::StatusOr<std::optional<v1::Payments>> LoadPayments(const projection::StateReader& state,
                                                         const std::string& partnership_id);

// Visits every partnership's payments in partnership-id order.
absl::Status ScanPayments(const projection::StateReader& state,
                          const projection::Visitor<v1::Payments>& visit);

// Applies PaymentOrdered.
absl::Status ProjectPaymentFact(const events::v1::EventEnvelope& event, projection::Batch& batch);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_PAYMENTS_STATE_H_
