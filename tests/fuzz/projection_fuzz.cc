// Fuzz target: what a projection does with a record of the log - envelope parsing,
// upcasting, the command guard and the fact rules (libs/service/command_guard.h), and the
// services' projectors - through the real ProjectionRunner over a real RocksDB store.
//
// Input: byte 0 picks the projection (recognition, activity, partnership, subsidy) and one
// of the topics it reads; byte 1 the mode; the rest is the record's value.
//   - Mode kFact ('F'): the rest is an EventEnvelope, typically a mutation of a fact the
//     suite wrote (the seeds). The target gives it what makes the guard accept it - a new
//     event id and request id, one fact per command, the aggregate's next version and the
//     hash of its last fact - so that a mutated payload reaches the projector itself.
//   - Any other mode: the rest goes to the log as it is.
// The log and the four projections are built once and keep what inputs add to them; a
// projection not picked catches up with everything it missed when it next is.
//
// Invariants (rulebook section 9: no fact stops the suite):
//   - catching up never fails, whatever the record holds: a record that cannot be parsed,
//     upcast or applied is set aside (libs/projection/quarantine.h);
//   - the store's position moves past the record;
//   - a fact with an event id is marked applied (applied, refused by the guard, or set
//     aside - never left behind).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "contexts/activity/activity_projector.h"
#include "contexts/partnership/partnership_projector.h"
#include "contexts/recognition/academy_projector.h"
#include "contexts/subsidy/subsidy_projector.h"
#include "contexts/suite/suite_fact_rules.h"
#include "google/protobuf/stubs/logging.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/events/event_factory.h"
#include "libs/events/upcaster.h"
#include "libs/projection/projection_runner.h"
#include "libs/projection/projection_store.h"
#include "libs/service/command_guard.h"
#include "libs/service/topics.h"
#include "tests/fuzz/fuzz_target.h"

namespace stem::fuzz {
namespace {

constexpr uint8_t kFact = 'F';
constexpr absl::Duration kPatience = absl::Seconds(30);

// One projection as a service runs it: the guard around the service's projector, its
// store, its runner.
struct Projection {
  std::unique_ptr<service::GuardedProjector> guard;
  std::unique_ptr<projection::ProjectionStore> store;
  std::unique_ptr<projection::ProjectionRunner> runner;
};

struct World {
  stem::testing::TempDir directory;
  const service::Topics topics = service::Topics::WithPrefix("");
  events::UpcasterRegistry upcasters;
  std::unique_ptr<eventlog::EventLog> log;
  recognition::AcademyProjector academy{topics.recognition};
  activity::ActivityProjector activity{topics};
  partnership::PartnershipProjector partnership{topics};
  subsidy::SubsidyProjectors subsidy{topics};
  // Declared last: the runners go before the log and the projectors they use.
  std::vector<Projection> projections;
  int64_t facts_given = 0;
};

World* running_world = nullptr;

void StopWorld() {
  delete running_world;
  running_world = nullptr;
}

void Require(const absl::Status& status, const char* what) {
  if (!status.ok()) Broken(what, status.ToString());
}

World* StartWorld() {
  auto* world = new World();
  auto log = eventlog::OpenEmbeddedEventLog({world->directory.Sub("log"), /*sync=*/false});
  Require(log.status(), "the log opens");
  world->log = std::move(*log);
  Require(world->log->EnsureTopics(world->topics.Specs(1)), "the topics exist");
  int number = 0;
  for (projection::Projector* projector :
       {static_cast<projection::Projector*>(&world->academy),
        static_cast<projection::Projector*>(&world->activity),
        static_cast<projection::Projector*>(&world->partnership), &world->subsidy.projector()}) {
    Projection projection;
    projection.guard =
        std::make_unique<service::GuardedProjector>(*projector, suite::SuiteFactRules());
    projection::StoreOptions throw_away;
    throw_away.sync = false;
    auto store = projection::ProjectionStore::Open(
        world->directory.Sub("store-" + std::to_string(number++)), throw_away);
    Require(store.status(), "the store opens");
    projection.store = std::move(*store);
    projection::RunnerOptions options;
    options.upcasters = &world->upcasters;
    auto runner = projection::ProjectionRunner::Create(*world->log, *projection.store,
                                                       *projection.guard, options);
    Require(runner.status(), "the runner starts");
    projection.runner = std::move(*runner);
    world->projections.push_back(std::move(projection));
  }
  return world;
}

// The record of a kFact input: the envelope, made acceptable to the guard as the next fact
// of its aggregate. Bytes that are no envelope go to the log as they are.
eventlog::OutgoingRecord FactRecord(World& world, Projection& projection, const std::string& topic,
                                    std::string bytes) {
  events::v1::EventEnvelope event;
  if (!event.ParseFromString(bytes)) return {topic, "", std::move(bytes)};
  auto aggregate =
      service::LoadAggregateRecord(*projection.store, event.aggregate_type(), event.aggregate_id());
  Require(aggregate.status(), "the guard's record of the aggregate reads");
  const std::string given = std::to_string(++world.facts_given);
  event.set_event_id("fuzz-fact-" + given);
  event.set_request_id("fuzz-request-" + given);
  event.clear_command_id();
  event.set_command_event_index(0);
  event.set_command_event_count(1);
  if (aggregate->version() < INT64_MAX) event.set_aggregate_version(aggregate->version() + 1);
  event.set_previous_hash(aggregate->last_hash());
  return {topic, events::RecordKey(event), event.SerializeAsString()};
}

}  // namespace
}  // namespace stem::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  using namespace stem::fuzz;  // NOLINT(build/namespaces): the entry points live outside it
  // Every mutated request or fact with a byte of invalid UTF-8 would log a line: keep the
  // fuzzer's output to what it finds.
  google::protobuf::SetLogHandler(nullptr);
  running_world = StartWorld();
  std::atexit(StopWorld);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stem::fuzz;  // NOLINT(build/namespaces): the entry points live outside it
  if (size < 2 || running_world == nullptr) return 0;
  World& world = *running_world;
  Projection& projection = world.projections[data[0] % world.projections.size()];
  const std::vector<std::string> topics = projection.guard->Topics();
  const std::string& topic = topics[(data[0] / world.projections.size()) % topics.size()];
  std::string value(reinterpret_cast<const char*>(data) + 2, size - 2);

  // Up to date first: the guard's record of the aggregate is the log's.
  Require(projection.runner->CatchUp(absl::Now() + kPatience), "a projection catches up");
  stem::eventlog::OutgoingRecord record =
      data[1] == kFact ? FactRecord(world, projection, topic, std::move(value))
                       : stem::eventlog::OutgoingRecord{topic, "", std::move(value)};
  auto appended = world.log->Append({std::move(record)}, absl::Now() + kPatience);
  Require(appended.status(), "the log appends");
  const stem::eventlog::RecordPosition& at = appended->front();

  Require(
      projection.runner->CatchUpTo({{at.topic_partition, at.offset + 1}}, absl::Now() + kPatience),
      "a projection catches up past any record");
  auto positions = projection.store->StoredPositions();
  Require(positions.status(), "the store's positions read");
  auto position = positions->find(at.topic_partition);
  if (position == positions->end() || position->second <= at.offset) {
    Broken("the store's position moves past the record", std::to_string(at.offset));
  }
  return 0;
}
