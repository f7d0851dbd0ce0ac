#include "contexts/activity/partnerships.h"

#include <set>

#include "libs/clock/clock.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::activity {
namespace {

constexpr char kPartnershipPrefix[] = "partnership/";

std::string Prefix(const std::string& kbo) { return kPartnershipPrefix + kbo + "/"; }

}  // namespace

absl::Status ProjectPartnershipFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch) {
  partnership::v1::PartnershipApproved approved;
  if (!event.payload().UnpackTo(&approved)) return absl::OkStatus();
  auto start = clock::ParseDate(approved.project_start());
  auto end = clock::ParseDate(approved.project_end());
  if (approved.partnership_id().empty() || !start.ok() || !end.ok()) {
    // Refused rather than skipped: a partnership this service cannot read would silently
    // fund its members twice.
    return absl::DataLossError("partnership approval " + event.event_id() +
                               " has no partnership id or no valid project period");
  }
  std::set<std::string> members = {approved.lead_kbo()};
  for (const partnership::v1::Partner& partner : approved.partners()) members.insert(partner.kbo());
  const std::string value = projection::StateBytes(approved);
  for (const std::string& kbo : members) {
    batch.Put(Prefix(kbo) + approved.partnership_id(), value);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ApprovedPartnership>> PartnershipPeriods(
    const projection::StateReader& state, const std::string& kbo) {
  std::vector<ApprovedPartnership> periods;
  absl::Status scanned = projection::ScanMessages<partnership::v1::PartnershipApproved>(
      state, Prefix(kbo),
      [&](std::string_view, const partnership::v1::PartnershipApproved& approved)
          -> absl::StatusOr<projection::Visit> {
        // The dates were checked when the fact was projected; the store is read as input
        // all the same.
        const std::string what = "partnership " + approved.partnership_id();
        auto start = clock::ParseStoredDate(approved.project_start(), what);
        if (!start.ok()) return start.status();
        auto end = clock::ParseStoredDate(approved.project_end(), what);
        if (!end.ok()) return end.status();
        periods.push_back({{*start, *end, approved.partnership_id()}, approved.call_id()});
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  return periods;
}

}  // namespace stem::activity
