#include "bench/bench_events.h"

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "libs/clock/clock.h"
#include "libs/events/event_factory.h"
#include "libs/events/upcaster.h"
#include "stem/events/testing/v1/sample_events.pb.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::bench {
namespace {

using events::testing::v1::SampleStepRecorded;

// A well-formed KBO number (ten digits, the last two 97 minus the first eight mod 97), so
// that ids have the length and shape of real ones.
std::string KboNumber(int index) {
  const int base = 20000000 + index * 37;
  return absl::StrFormat("0%07d%02d", base % 10000000, 97 - base % 97);
}

// Stands in for the SHA-256 of the request: 32 bytes that do not compress.
std::string Digest(std::mt19937_64& random) {
  std::string digest(32, '\0');
  for (size_t i = 0; i < digest.size(); i += 8) {
    const uint64_t word = random();
    for (size_t j = 0; j < 8; ++j) digest[i + j] = static_cast<char>(word >> (8 * j));
  }
  return digest;
}

}  // namespace

absl::StatusOr<FillResult> FillTopic(eventlog::EventLog& log, const FillSpec& spec) {
  const absl::Time start = absl::Now();
  // Domain time in a school year, as the suite's clock would have it.
  clock::ManualClock clock(
      absl::FromCivil(absl::CivilSecond(2019, 9, 2, 8, 30, 0), clock::Brussels()));
  const events::UpcasterRegistry registry;
  const events::EventFactory factory(clock, registry);
  std::vector<std::string> aggregates;
  for (int i = 0; i < spec.aggregates; ++i) aggregates.push_back(KboNumber(i));

  std::mt19937_64 random(42);
  FillResult result;
  for (int64_t first = 0; first < spec.events; first += spec.append_batch) {
    const int64_t last = std::min(spec.events, first + spec.append_batch);
    std::vector<eventlog::OutgoingRecord> records;
    records.reserve(static_cast<size_t>(last - first));
    for (int64_t n = first; n < last; ++n) {
      const std::string& aggregate = aggregates[static_cast<size_t>(n % spec.aggregates)];
      projection::testing::Tally& tally = result.expected[aggregate];
      SampleStepRecorded step;
      step.set_sequence(tally.last + 1);
      step.set_amount(1000 + (n * 7919) % 100000);
      tally.count += 1;
      tally.last = step.sequence();
      tally.sum += step.amount();

      events::CommandContext context;
      context.actor.set_identity(aggregate);
      context.actor.set_role(identity::v1::ACTOR_ROLE_ACADEMY);
      context.request_id = events::NewUuid();
      events::v1::EventEnvelope event =
          factory.Make(context, {"academy", aggregate, step.sequence()}, step);
      event.set_command_id(events::NewUuid());
      event.set_command_event_index(0);
      event.set_command_event_count(1);
      event.set_request_digest(Digest(random));
      std::string value = event.SerializeAsString();
      result.bytes += static_cast<int64_t>(value.size());
      records.push_back({spec.topic, aggregate, std::move(value)});
    }
    if (absl::Status status = clock.Advance(absl::Minutes(1)); !status.ok()) return status;
    absl::StatusOr<std::vector<eventlog::RecordPosition>> appended =
        log.Append(std::move(records), absl::Now() + absl::Minutes(2));
    if (!appended.ok()) return appended.status();
  }
  result.events = spec.events;
  result.elapsed = absl::Now() - start;
  return result;
}

}  // namespace stem::bench
