#include "libs/projection/testing/tally_projector.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/absl_compat.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::projection::testing {
namespace {

using events::testing::v1::SampleAmountRecorded;
using events::testing::v1::SampleStepRecorded;

std::string TallyKey(const std::string& aggregate_id) {
  return absl::StrCat("tally/", aggregate_id);
}

absl::StatusOr<Tally> ParseTally(std::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(ToAbsl(text), ' ');
  Tally tally;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &tally.count) ||
      !absl::SimpleAtoi(parts[1], &tally.sum) || !absl::SimpleAtoi(parts[2], &tally.last)) {
    return absl::DataLossError(absl::StrCat("bad tally: ", ToAbsl(text)));
  }
  return tally;
}

struct Step {
  int64_t sequence = 0;
  int64_t amount = 0;
};

absl::StatusOr<Step> StepOf(const events::v1::EventEnvelope& event) {
  if (event.payload().Is<SampleStepRecorded>()) {
    SampleStepRecorded payload;
    if (!event.payload().UnpackTo(&payload)) return absl::DataLossError("unreadable step");
    return Step{payload.sequence(), payload.amount()};
  }
  if (event.payload().Is<SampleAmountRecorded>()) {
    if (event.schema_version() < 2) {
      return absl::FailedPreconditionError("SampleAmountRecorded of version 1 was not upcast");
    }
    SampleAmountRecorded payload;
    if (!event.payload().UnpackTo(&payload)) return absl::DataLossError("unreadable amount");
    return Step{event.aggregate_version(), payload.amount_cents()};
  }
  return absl::InvalidArgumentError(absl::StrCat("unexpected payload ", event.event_type()));
}

}  // namespace

absl::Status TallyProjector::Apply(const events::v1::EventEnvelope& event,
                                   const eventlog::Record& /*record*/, Batch& batch) {
  absl::StatusOr<Step> step = StepOf(event);
  if (!step.ok()) return step.status();
  absl::StatusOr<std::optional<Tally>> stored = ReadTally(batch, event.aggregate_id());
  if (!stored.ok()) return stored.status();
  Tally tally = stored->value_or(Tally{});
  if (step->sequence != tally.last + 1) {
    batch.Put(absl::StrCat("violation/", event.aggregate_id(), "/", step->sequence),
              absl::StrCat("after ", tally.last));
  }
  tally.count += 1;
  tally.sum += step->amount;
  tally.last = step->sequence;
  batch.Put(TallyKey(event.aggregate_id()),
            absl::StrCat(tally.count, " ", tally.sum, " ", tally.last));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Tally>> ReadTally(const StateReader& state,
                                               const std::string& aggregate_id) {
  absl::StatusOr<std::optional<std::string>> value = state.Get(TallyKey(aggregate_id));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return std::nullopt;
  absl::StatusOr<Tally> tally = ParseTally(**value);
  if (!tally.ok()) return tally.status();
  return *tally;
}

absl::StatusOr<std::vector<std::string>> Violations(const StateReader& state) {
  std::vector<std::string> keys;
  absl::Status status = state.Scan("violation/", [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  if (!status.ok()) return status;
  return keys;
}

events::v1::EventEnvelope StepEvent(const std::string& event_id, const std::string& aggregate_id,
                                    int64_t sequence, int64_t amount) {
  SampleStepRecorded payload;
  payload.set_sequence(sequence);
  payload.set_amount(amount);
  events::v1::EventEnvelope event;
  event.set_event_id(event_id);
  event.set_aggregate_type("tally");
  event.set_aggregate_id(aggregate_id);
  event.set_aggregate_version(sequence);
  event.set_event_type(SampleStepRecorded::descriptor()->full_name());
  event.set_schema_version(1);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

}  // namespace stem::projection::testing
