#include "contexts/partnership/call_state.h"

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"

namespace stem::partnership {
namespace {

constexpr char kCallPrefix[] = "call/";
constexpr char kDecisionPrefix[] = "decision/";

std::string DecisionKey(const std::string& call_id, const std::string& partnership_id) {
  return absl::StrCat(kDecisionPrefix, call_id, "/", partnership_id);
}

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("call ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

void StoreCall(projection::Batch& batch, const v1::Call& call) {
  batch.Put(kCallPrefix + call.opened().call_id(), projection::StateBytes(call));
}

// A decision on an application the call has decided before cannot be explained: the
// command path refuses it (ALREADY_DECIDED).
absl::Status StoreDecision(const events::v1::EventEnvelope& event, projection::Batch& batch,
                           const std::string& partnership_id, v1::Decision decision) {
  const std::string key = DecisionKey(event.aggregate_id(), partnership_id);
  auto earlier = batch.Get(key);
  if (!earlier.ok()) return earlier.status();
  if (*earlier) return Unexplained(event, "application " + partnership_id + " decided twice");
  decision.set_call_version(event.aggregate_version());
  batch.Put(key, projection::StateBytes(decision));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<v1::Call>> LoadCall(const projection::StateReader& state,
                                                 const std::string& call_id) {
  return projection::LoadMessage<v1::Call>(state, kCallPrefix + call_id);
}

absl::StatusOr<v1::Call> RequireCall(const projection::StateReader& state,
                                     const std::string& call_id) {
  auto call = LoadCall(state, call_id);
  if (!call.ok()) return call.status();
  if (!*call) {
    return MakeError(absl::StatusCode::kNotFound, "CALL_NOT_FOUND",
                     "no call with id " + Quote(call_id));
  }
  return std::move(**call);
}

absl::Status ScanCalls(const projection::StateReader& state, const std::string& after_id,
                       const projection::Visitor<v1::Call>& visit) {
  return projection::ScanMessages<v1::Call>(
      state, kCallPrefix, [&](std::string_view, const v1::Call& call) { return visit(call); },
      after_id);
}

absl::StatusOr<std::optional<v1::Decision>> LoadDecision(const projection::StateReader& state,
                                                         const std::string& call_id,
                                                         const std::string& partnership_id) {
  return projection::LoadMessage<v1::Decision>(state, DecisionKey(call_id, partnership_id));
}

std::vector<int32_t> ScheduleOf(const v1::CallOpened& call) {
  const v1::TrancheSchedule& schedule = call.tranche_schedule();
  return {schedule.on_approval_permille(), schedule.on_interim_report_permille(),
          schedule.on_final_report_permille()};
}

absl::Status ProjectCallFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  v1::CallOpened opened;
  if (event.payload().UnpackTo(&opened)) {
    if (opened.call_id() != event.aggregate_id()) {
      return Unexplained(event, "opens call " + opened.call_id());
    }
    v1::Call call;
    *call.mutable_opened() = opened;
    call.set_version(event.aggregate_version());
    StoreCall(batch, call);
    return absl::OkStatus();
  }

  auto loaded = LoadCall(batch, event.aggregate_id());
  if (!loaded.ok()) return loaded.status();
  if (!*loaded) return Unexplained(event, "the call was never opened");
  v1::Call& call = **loaded;
  v1::PartnershipApproved approved;
  v1::PartnershipRejected rejected;
  v1::Decision decision;
  if (event.payload().UnpackTo(&approved)) {
    decision.set_status(v1::APPLICATION_STATUS_APPROVED);
    *decision.mutable_approval() = approved;
    if (absl::Status stored = StoreDecision(event, batch, approved.partnership_id(), decision);
        !stored.ok()) {
      return stored;
    }
    call.set_approved_cents(call.approved_cents() + approved.approved_cents());
    call.set_approved_count(call.approved_count() + 1);
  } else if (event.payload().UnpackTo(&rejected)) {
    decision.set_status(v1::APPLICATION_STATUS_REJECTED);
    *decision.mutable_rejection() = rejected;
    if (absl::Status stored = StoreDecision(event, batch, rejected.partnership_id(), decision);
        !stored.ok()) {
      return stored;
    }
    call.set_rejected_count(call.rejected_count() + 1);
  } else {
    return Unexplained(event, "the partnership projector does not know this fact of a call");
  }
  call.set_version(event.aggregate_version());
  StoreCall(batch, call);
  return absl::OkStatus();
}

}  // namespace stem::partnership
