#include "contexts/subsidy/demand_state.h"

#include "absl/strings/str_cat.h"
#include "libs/projection/typed_state.h"

namespace stem::subsidy {
namespace {

constexpr char kDemandPrefix[] = "subsidy/demand/";

std::string PeriodPrefix(const std::string& period_id) {
  return absl::StrCat(kDemandPrefix, period_id, "/");
}

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("demand ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

}  // namespace

std::string DemandId(const std::string& period_id, const std::string& nis_code) {
  return absl::StrCat(period_id, "/", nis_code);
}

absl::StatusOr<std::optional<v1::Demand>> LoadDemand(const projection::StateReader& state,
                                                     const std::string& period_id,
                                                     const std::string& nis_code) {
  return projection::LoadMessage<v1::Demand>(state, PeriodPrefix(period_id) + nis_code);
}

absl::Status ScanDemand(const projection::StateReader& state, const std::string& period_id,
                        const std::string& after_nis,
                        const projection::Visitor<v1::Demand>& visit) {
  return projection::ScanMessages<v1::Demand>(
      state, PeriodPrefix(period_id),
      [&](std::string_view, const v1::Demand& demand) { return visit(demand); }, after_nis);
}

absl::StatusOr<std::set<std::string>> StandingDemand(const projection::StateReader& state,
                                                     const std::string& period_id) {
  std::set<std::string> standing;
  absl::Status scanned = ScanDemand(
      state, period_id, "", [&](const v1::Demand& demand) -> absl::StatusOr<projection::Visit> {
        if (demand.state() == v1::DEMAND_STATE_REGISTERED) {
          standing.insert(demand.municipality_nis_code());
        }
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  return standing;
}

absl::Status ProjectDemandFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  v1::MunicipalDemandRegistered registered;
  v1::MunicipalDemandWithdrawn withdrawn;
  std::string period_id;
  std::string nis_code;
  if (event.payload().UnpackTo(&registered)) {
    period_id = registered.period_id();
    nis_code = registered.municipality_nis_code();
  } else if (event.payload().UnpackTo(&withdrawn)) {
    period_id = withdrawn.period_id();
    nis_code = withdrawn.municipality_nis_code();
  } else {
    return Unexplained(event, "the subsidy projector does not know this fact");
  }
  if (DemandId(period_id, nis_code) != event.aggregate_id()) {
    return Unexplained(event, "names demand " + DemandId(period_id, nis_code));
  }
  auto loaded = LoadDemand(batch, period_id, nis_code);
  if (!loaded.ok()) return loaded.status();
  v1::Demand demand = loaded->value_or(v1::Demand());
  if (event.payload().Is<v1::MunicipalDemandRegistered>()) {
    // The latest registration counts: it replaces the earlier one entirely.
    demand.Clear();
    demand.set_demand_id(event.aggregate_id());
    demand.set_period_id(period_id);
    demand.set_municipality_nis_code(nis_code);
    demand.set_state(v1::DEMAND_STATE_REGISTERED);
    *demand.mutable_ages() = registered.ages();
    *demand.mutable_domains() = registered.domains();
    demand.set_note(registered.note());
  } else {
    if (!*loaded) return Unexplained(event, "withdraws demand never registered");
    demand.set_state(v1::DEMAND_STATE_WITHDRAWN);
    demand.set_withdrawal_reason(withdrawn.reason());
  }
  demand.set_version(event.aggregate_version());
  projection::StoreMessage(batch, PeriodPrefix(period_id) + nis_code, demand);
  return absl::OkStatus();
}

}  // namespace stem::subsidy
