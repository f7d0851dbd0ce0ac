#include "contexts/subsidy/application_state.h"

#include "absl/strings/str_cat.h"
#include "libs/projection/typed_state.h"

namespace stem::subsidy {
namespace {

constexpr char kApplicationPrefix[] = "subsidy/application/";

std::string PeriodPrefix(const std::string& period_id) {
  return absl::StrCat(kApplicationPrefix, period_id, "/");
}

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("application ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

}  // namespace

std::string ApplicationId(const std::string& period_id, const std::string& kbo) {
  return absl::StrCat(period_id, "/", kbo);
}

absl::StatusOr<std::optional<v1::Application>> LoadApplication(const projection::StateReader& state,
                                                               const std::string& period_id,
                                                               const std::string& kbo) {
  return projection::LoadMessage<v1::Application>(state, PeriodPrefix(period_id) + kbo);
}

absl::Status ScanApplications(const projection::StateReader& state, const std::string& period_id,
                              const std::string& after_kbo,
                              const projection::Visitor<v1::Application>& visit) {
  return projection::ScanMessages<v1::Application>(
      state, PeriodPrefix(period_id),
      [&](std::string_view, const v1::Application& application) { return visit(application); },
      after_kbo);
}

absl::Status ProjectApplicationFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch) {
  v1::SubsidyApplicationSubmitted submitted;
  v1::SubsidyApplicationWithdrawn withdrawn;
  std::string period_id;
  std::string kbo;
  if (event.payload().UnpackTo(&submitted)) {
    period_id = submitted.period_id();
    kbo = submitted.academy_kbo();
  } else if (event.payload().UnpackTo(&withdrawn)) {
    period_id = withdrawn.period_id();
    kbo = withdrawn.academy_kbo();
  } else {
    return Unexplained(event, "the subsidy projector does not know this fact");
  }
  if (ApplicationId(period_id, kbo) != event.aggregate_id()) {
    return Unexplained(event, "names application " + ApplicationId(period_id, kbo));
  }
  auto loaded = LoadApplication(batch, period_id, kbo);
  if (!loaded.ok()) return loaded.status();
  v1::Application application = loaded->value_or(v1::Application());
  if (event.payload().Is<v1::SubsidyApplicationSubmitted>()) {
    // A new application replaces the old one, whatever became of it.
    application.Clear();
    application.set_application_id(event.aggregate_id());
    application.set_period_id(period_id);
    application.set_academy_kbo(kbo);
    application.set_state(v1::APPLICATION_STATE_SUBMITTED);
    if (submitted.has_requested_cents()) {
      application.set_requested_cents(submitted.requested_cents());
    }
    application.set_submitted_on(submitted.submitted_on());
  } else {
    if (!*loaded) return Unexplained(event, "withdraws an application never submitted");
    application.set_state(v1::APPLICATION_STATE_WITHDRAWN);
    application.set_withdrawal_reason(withdrawn.reason());
  }
  application.set_version(event.aggregate_version());
  projection::StoreMessage(batch, PeriodPrefix(period_id) + kbo, application);
  return absl::OkStatus();
}

}  // namespace stem::subsidy
