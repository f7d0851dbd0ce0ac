#include "contexts/subsidy/payments_state.h"

#include "absl/strings/str_cat.h"
#include "libs/projection/typed_state.h"

namespace stem::subsidy {
namespace {

constexpr char kPaymentsPrefix[] = "subsidy/payments/";

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("payments ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

}  // namespace

absl::StatusOr<std::optional<v1::Payments>> LoadPayments(const projection::StateReader& state,
                                                         const std::string& partnership_id) {
  return projection::LoadMessage<v1::Payments>(state, kPaymentsPrefix + partnership_id);
}

absl::Status ScanPayments(const projection::StateReader& state,
                          const projection::Visitor<v1::Payments>& visit) {
  return projection::ScanMessages<v1::Payments>(
      state, kPaymentsPrefix,
      [&](std::string_view, const v1::Payments& payments) { return visit(payments); });
}

absl::Status ProjectPaymentFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  v1::PaymentOrdered ordered;
  if (!event.payload().UnpackTo(&ordered)) {
    return Unexplained(event, "the subsidy projector does not know this fact");
  }
  if (ordered.partnership_id() != event.aggregate_id()) {
    return Unexplained(event, "orders a tranche of " + ordered.partnership_id());
  }
  auto loaded = LoadPayments(batch, event.aggregate_id());
  if (!loaded.ok()) return loaded.status();
  v1::Payments payments = loaded->value_or(v1::Payments());
  payments.set_partnership_id(ordered.partnership_id());
  payments.set_call_id(ordered.call_id());
  payments.set_lead_kbo(ordered.lead_kbo());
  payments.set_ordered_cents(payments.ordered_cents() + ordered.amount_cents());
  *payments.add_tranches() = std::move(ordered);
  payments.set_version(event.aggregate_version());
  projection::StoreMessage(batch, kPaymentsPrefix + event.aggregate_id(), payments);
  return absl::OkStatus();
}

}  // namespace stem::subsidy
