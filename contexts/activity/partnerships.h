// What the activity service knows of STEM-partnerships (read from the partnership
// context's facts): every approved partnership under each member's KBO number, lead and
// partners alike ("partnership/<kbo>/<partnership id>"). A session dated inside the
// project period of one of its academy's partnerships counts 0: no double funding
// (rulebook section 3).
#ifndef STEM_CONTEXTS_ACTIVITY_PARTNERSHIPS_H_
#define STEM_CONTEXTS_ACTIVITY_PARTNERSHIPS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/domain/school_calendar.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::activity {

// Keeps PartnershipApproved; the other partnership facts do not concern activities.
absl::Status ProjectPartnershipFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch);

// The aggregate type under which the partnership context records approvals (its calls';
// services/audit/explain.cc asserts it is partnership::kCallAggregate).
inline constexpr char kPartnershipCallAggregate[] = "call";

// An approved partnership as sessions see it: its project period (inclusive, named by the
// partnership id) and the call whose aggregate recorded the approval.
struct ApprovedPartnership {
  domain::DateRange project;
  std::string call_id;
};

// The approved partnerships `kbo` leads or is partner of.
absl::StatusOr<std::vector<ApprovedPartnership>> PartnershipPeriods(
    const projection::StateReader& state, const std::string& kbo);

}  // namespace stem::activity

#endif  // STEM_CONTEXTS_ACTIVITY_PARTNERSHIPS_H_
