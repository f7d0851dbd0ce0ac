#include "contexts/partnership/registered_activities.h"

#include "stem/activity/v1/events.pb.h"

namespace stem::partnership {
namespace {

constexpr char kActivityPrefix[] = "activity/";

}  // namespace

absl::Status ProjectActivityFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  activity::v1::ActivityRegistered registered;
  if (!event.payload().UnpackTo(&registered)) return absl::OkStatus();
  if (registered.activity_id().empty() || registered.academy_kbo().empty()) {
    // Refused rather than skipped: reports would be checked against a wrong register.
    return absl::DataLossError("activity registration " + event.event_id() +
                               " names no activity or no academy");
  }
  batch.Put(kActivityPrefix + registered.activity_id(), registered.academy_kbo());
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RegisteredBy(const projection::StateReader& state,
                                                        const std::string& activity_id) {
  return state.Get(kActivityPrefix + activity_id);
}

}  // namespace stem::partnership
