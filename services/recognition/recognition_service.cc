#include "services/recognition/recognition_service.h"

#include "contexts/recognition/academy_state.h"
#include "libs/clock/clock.h"

namespace stem::recognition {

absl::CivilDay RecognitionServiceImpl::Today() const {
  return clock::LocalDate(runtime_.clock().Now());
}

absl::StatusOr<absl::CivilDay> RecognitionServiceImpl::DateOrToday(const std::string& iso) const {
  if (iso.empty()) return Today();
  return clock::ParseDate(iso);
}

service::CommandTarget RecognitionServiceImpl::Target(
    const std::string& kbo, std::optional<int64_t> expected_version) const {
  return {topic_, kAggregateType, kbo, expected_version};
}

}  // namespace stem::recognition
