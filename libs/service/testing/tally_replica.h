// A replica of a tiny service over a real log and store, for tests of the command path:
// its aggregate is a tally of steps (projection/testing/tally_projector.h).
#ifndef STEM_LIBS_SERVICE_TESTING_TALLY_REPLICA_H_
#define STEM_LIBS_SERVICE_TESTING_TALLY_REPLICA_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libs/common/error.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/projection_store.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/background_projection.h"
#include "libs/service/command_guard.h"
#include "libs/service/command_processor.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::service::testing {

inline constexpr char kTopic[] = "stem.test.events";

inline absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

// An embedded log at `dir` (unsynced: nothing kills the test) holding kTopic with
// `partitions` partitions.
inline absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenTallyLog(const std::string& dir,
                                                                        int32_t partitions) {
  auto log = eventlog::OpenEmbeddedEventLog({dir, /*sync=*/false});
  if (!log.ok()) return log.status();
  eventlog::TopicSpec topic;
  topic.name = kTopic;
  topic.partitions = partitions;
  if (absl::Status created = (*log)->EnsureTopics({topic}); !created.ok()) return created;
  return log;
}

// One replica of a tiny service whose aggregate is a tally of steps.
struct Replica {
  Replica(eventlog::EventLog& log, const std::string& dir, const clock::Clock& clock,
          const events::UpcasterRegistry& registry, const events::FactRules& rules)
      : tally({kTopic}), guard(tally, rules), factory(clock, registry) {
    store = *projection::ProjectionStore::Open(dir);
    projection = *BackgroundProjection::Start(log, *store, guard, {});
    processor = std::make_unique<CommandProcessor>(log, *projection, *store, clock, factory, rules);
  }

  // Adds a step of `amount` to `aggregate`.
  absl::StatusOr<CommandOutcome> Step(const std::string& aggregate, const std::string& request_id,
                                      int64_t amount,
                                      std::optional<int64_t> expected_version = std::nullopt) {
    events::testing::v1::SampleStepRecorded request = RequestFor(amount);
    return processor->Execute(ContextFor(request_id), request,
                              {kTopic, "tally", aggregate, expected_version}, DeciderFor(amount),
                              Deadline());
  }

  struct StepCommand {
    std::string aggregate;
    std::string request_id;
    int64_t amount = 0;
  };
  // The steps as one batch (CommandProcessor::ExecuteBatch).
  std::vector<absl::StatusOr<CommandOutcome>> StepBatch(const std::vector<StepCommand>& steps) {
    std::vector<events::testing::v1::SampleStepRecorded> requests;
    requests.reserve(steps.size());
    std::vector<BatchCommand> commands;
    for (const StepCommand& step : steps) {
      requests.push_back(RequestFor(step.amount));
      commands.push_back({ContextFor(step.request_id), &requests.back(),
                          CommandTarget{kTopic, "tally", step.aggregate, std::nullopt},
                          DeciderFor(step.amount)});
    }
    return processor->ExecuteBatch(commands, Deadline());
  }

  // Stands in for the command's request message.
  static events::testing::v1::SampleStepRecorded RequestFor(int64_t amount) {
    events::testing::v1::SampleStepRecorded request;
    request.set_amount(amount);
    return request;
  }
  static events::CommandContext ContextFor(const std::string& request_id) {
    events::CommandContext context;
    context.actor.set_role(identity::v1::ACTOR_ROLE_OFFICER);
    context.request_id = request_id;
    return context;
  }
  static Decider DeciderFor(int64_t amount) {
    return [amount](const Decision& decision) -> absl::StatusOr<Facts> {
      if (amount < 0) {
        return MakeError(absl::StatusCode::kInvalidArgument, "AMOUNT_NEGATIVE", "no");
      }
      auto fact = std::make_unique<events::testing::v1::SampleStepRecorded>();
      fact->set_sequence(decision.version + 1);
      fact->set_amount(amount);
      Facts facts;
      facts.push_back(std::move(fact));
      return facts;
    };
  }

  projection::testing::TallyProjector tally;
  GuardedProjector guard;
  events::EventFactory factory;
  std::unique_ptr<projection::ProjectionStore> store;
  std::unique_ptr<BackgroundProjection> projection;
  std::unique_ptr<CommandProcessor> processor;
};

// What two replicas that raced on the aggregates "hot" and "warm" must both hold once
// caught up: every acknowledged step once (count and sum), versions 1..count each once (the
// tally records a violation otherwise), and equal stores.
inline void ExpectRaceOutcome(Replica& a, Replica& b, int acknowledged, int64_t acknowledged_sum) {
  for (Replica* replica : {&a, &b}) {
    ASSERT_TRUE(replica->projection->WaitForAllTopics(Deadline()).ok());
    auto hot = projection::testing::ReadTally(*replica->store, "hot");
    auto warm = projection::testing::ReadTally(*replica->store, "warm");
    ASSERT_TRUE(hot.ok() && warm.ok());
    const projection::testing::Tally h = hot->value_or(projection::testing::Tally{});
    const projection::testing::Tally w = warm->value_or(projection::testing::Tally{});
    EXPECT_EQ(h.count + w.count, acknowledged);
    EXPECT_EQ(h.sum + w.sum, acknowledged_sum);
    EXPECT_EQ(h.last, h.count);
    EXPECT_EQ(w.last, w.count);
    auto violations = projection::testing::Violations(*replica->store);
    ASSERT_TRUE(violations.ok());
    EXPECT_TRUE(violations->empty());
  }
  auto checksum_a = a.store->Checksum();
  auto checksum_b = b.store->Checksum();
  ASSERT_TRUE(checksum_a.ok() && checksum_b.ok());
  EXPECT_EQ(*checksum_a, *checksum_b);
}

}  // namespace stem::service::testing

#endif  // STEM_LIBS_SERVICE_TESTING_TALLY_REPLICA_H_
