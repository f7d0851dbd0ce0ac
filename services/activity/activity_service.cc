#include "services/activity/activity_service.h"

#include "contexts/activity/activity_access.h"
#include "contexts/activity/activity_state.h"

namespace stem::activity {

service::CommandTarget ActivityServiceImpl::ActivityTarget(
    const std::string& activity_id, std::optional<int64_t> expected_version) const {
  return {topics_.activity, kActivityAggregate, activity_id, expected_version};
}

absl::Status ActivityServiceImpl::CatchUpWithOtherContexts(const service::Call& call) {
  if (call.caught_up_with_all_topics) return absl::OkStatus();
  return runtime_.projection().WaitForAllTopics(call.deadline);
}

absl::Status ActivityServiceImpl::PrecheckOwner(const rpc::Principal& principal,
                                                const std::string& activity_id) {
  auto activity = LoadActivity(runtime_.state(), activity_id);
  if (!activity.ok()) return activity.status();
  if (!*activity) return absl::OkStatus();  // perhaps not projected yet: the decider decides
  return RequireOwnerOrOfficer(principal, **activity);
}

absl::Status ActivityServiceImpl::PrepareChangeOf(const service::Call& call,
                                                  const std::string& activity_id) {
  if (absl::Status own = PrecheckOwner(call.principal, activity_id); !own.ok()) return own;
  return CatchUpWithOtherContexts(call);
}

}  // namespace stem::activity
