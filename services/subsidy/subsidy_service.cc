#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

service::CommandTarget SubsidyServiceImpl::Target(const std::string& aggregate_type,
                                                  const std::string& id,
                                                  std::optional<int64_t> expected_version) const {
  return {topics_.subsidy, aggregate_type, id, expected_version};
}

absl::Status SubsidyServiceImpl::CatchUpWithOtherContexts(absl::Time deadline) {
  return runtime_.projection().WaitForAllTopics(deadline);
}

}  // namespace stem::subsidy
