#include "services/partnership/partnership_service.h"

#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "libs/clock/clock.h"
#include "libs/service/call.h"

namespace stem::partnership {

service::CommandTarget PartnershipServiceImpl::CallTarget(
    const std::string& call_id, std::optional<int64_t> expected_version) const {
  return {topics_.partnership, kCallAggregate, call_id, expected_version};
}

service::CommandTarget PartnershipServiceImpl::PartnershipTarget(
    const std::string& partnership_id, std::optional<int64_t> expected_version) const {
  return {topics_.partnership, kPartnershipAggregate, partnership_id, expected_version};
}

absl::Status PartnershipServiceImpl::CatchUpWithOtherAggregates(absl::Time deadline) {
  return runtime_.projection().WaitForAllTopics(deadline);
}

absl::StatusOr<v1::Partnership> PartnershipServiceImpl::PartnershipForLead(
    const rpc::Principal& principal, const std::string& partnership_id) {
  auto partnership = RequirePartnership(runtime_.state(), partnership_id);
  if (!partnership.ok()) return partnership.status();
  if (absl::Status lead =
          service::RequireSelfOrOfficer(principal, partnership->application().lead_kbo());
      !lead.ok()) {
    return lead;
  }
  return partnership;
}

absl::CivilDay PartnershipServiceImpl::Today() const {
  return clock::LocalDate(runtime_.clock().Now());
}

absl::StatusOr<absl::CivilDay> PartnershipServiceImpl::DateOrToday(const std::string& iso) const {
  if (iso.empty()) return Today();
  return clock::ParseDate(iso);
}

}  // namespace stem::partnership
