// "Nothing is lost": the real stem-activity executable on the real broker is SIGKILLed at
// random points (while it opens its log and store, catches up, or answers commands) and
// restarted each time with the same data directory and transactional id, while a client
// sends a stream of commands and retries the ones that fail with the same request id.
// Afterwards every acknowledged command's effect is visible through the API, none twice,
// and the live projection's checksum equals a clean replay of the log.
//
// Deterministic given the seed (printed; STEM_RESTART_SEED=<n> replays the commands and the
// kill delays) except for where the kills land. STEM_RESTART_KILLS sets the number of kills
// (default 12).
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "contexts/activity/activity_projector.h"
#include "libs/clock/clock_control.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/kafka_event_log.h"
#include "libs/events/event_factory.h"
#include "libs/service/topics.h"
#include "stem/subsidy/v1/events.pb.h"
#include "tests/integration/activity_command_stream.h"
#include "tests/integration/kafka_test_util.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using eventlog::kafka_testing::KafkaBootstrap;
using eventlog::kafka_testing::TestKafkaOptions;
using eventlog::kafka_testing::UniqueKafkaName;

constexpr char kAcademy[] = "0123456749";
constexpr char kRecognitionToday[] = "2019-01-07T09:00:00Z";
constexpr absl::Duration kPatience = absl::Seconds(60);

// The subsidy period of 2019, appended as the subsidy service (no executable yet) would
// write it: the activity projection reads a third context, and the replay must too.
void OpenPeriod(eventlog::EventLog& log, const std::string& topic) {
  auto clock = clock::ClockControl::Create({*clock::ParseInstant(kRecognitionToday), ""});
  ASSERT_TRUE(clock.ok()) << clock.status();
  events::UpcasterRegistry upcasters;
  events::EventFactory factory((*clock)->clock(), upcasters);
  events::CommandContext context;
  context.actor.set_role(identity::v1::ACTOR_ROLE_OFFICER);
  context.actor.set_identity("officer@vlaio.be");
  context.request_id = "open-period-2019";
  subsidy::v1::PeriodOpened opened;
  opened.set_period_id("2019");
  opened.set_title("Zaainiveau 2019");
  opened.set_first_day("2019-01-01");
  opened.set_last_day("2019-12-31");
  opened.set_window_opens_at("2019-01-01T00:00:00Z");
  opened.set_window_closes_at("2019-02-01T00:00:00Z");
  opened.set_reporting_deadline("2020-01-31T23:00:00Z");
  opened.set_budget_cents(25000000);
  opened.set_rule_id("KINDUREN_2019");
  opened.set_minimum_grant_cents(100000);
  events::v1::EventEnvelope event = factory.Make(context, {"period", "2019", 1}, opened);
  event.set_command_id(events::NewUuid());
  event.set_command_event_index(0);
  event.set_command_event_count(1);
  auto appended = log.Append({{topic, "2019", event.SerializeAsString()}}, absl::Now() + kPatience);
  ASSERT_TRUE(appended.ok()) << appended.status();
}

void Sleep(absl::Duration duration) {
  std::this_thread::sleep_for(absl::ToChronoMicroseconds(duration));
}

// Until a command under way has appended its facts (the end of `topic` moved on while
// the call was unanswered): a kill now finds the command in the log but not acknowledged,
// and only a retry with the same request id keeps it from being applied twice.
absl::Status AwaitAppendUnanswered(const ActivityCommandStream& stream, eventlog::EventLog& log,
                                   const std::string& topic) {
  const absl::Time deadline = absl::Now() + kPatience;
  int64_t before = -1;
  while (absl::Now() < deadline) {
    const bool under_way = stream.in_flight();
    auto ends = log.EndOffsets(topic, deadline);
    if (!ends.ok()) return ends.status();
    int64_t end = 0;
    for (const auto& [partition, offset] : *ends) end += offset;
    if (!under_way || before < 0) {
      before = end;
    } else if (end > before && stream.in_flight()) {
      return absl::OkStatus();
    }
  }
  return absl::DeadlineExceededError("no command appended");
}

constexpr const char* kKillKinds[] = {"from launch", "appended, unanswered", "serving"};

TEST(ServiceRestartTest, NothingIsLostWhenTheActivityServiceIsKilled) {
  const std::string bootstrap = KafkaBootstrap();  // fails (does not skip) without a broker
  ASSERT_FALSE(bootstrap.empty());
  const uint64_t seed = EnvOr("STEM_RESTART_SEED", std::random_device{}());
  const int kills = static_cast<int>(EnvOr("STEM_RESTART_KILLS", 12));
  std::cout << "service restart test: seed " << seed << " (STEM_RESTART_SEED=" << seed
            << " replays it), " << kills << " kills" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);

  stem::testing::TempDir dir;
  const std::string prefix = UniqueKafkaName("restart") + ".";
  const service::Topics topics = service::Topics::WithPrefix(prefix);
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));

  ServiceFlags flags{bootstrap,
                     prefix,
                     dir.Sub("recognition"),
                     dir.Sub("tokens"),
                     kRecognitionToday,
                     prefix + "recognition-0"};
  ServiceProcess recognition({STEM_RECOGNITION_BIN, KafkaFlags(flags),
                              "stem.recognition.v1.RecognitionService",
                              dir.Sub("recognition.log")});
  absl::Status started = recognition.StartServing(absl::Now() + kPatience);
  ASSERT_TRUE(started.ok()) << started;
  absl::Status recognised = RecogniseAcademy(recognition.Channel(), kAcademy);
  ASSERT_TRUE(recognised.ok()) << recognised;
  auto log = eventlog::OpenKafkaEventLog(TestKafkaOptions());
  ASSERT_TRUE(log.ok()) << log.status();
  OpenPeriod(**log, topics.subsidy);

  flags.data_dir = dir.Sub("activity");
  flags.clock_start = kServiceToday;
  flags.transactional_id = prefix + "activity-0";
  ServiceProcess activity({STEM_ACTIVITY_BIN, KafkaFlags(flags), "stem.activity.v1.ActivityService",
                           dir.Sub("activity.log")});
  started = activity.StartServing(absl::Now() + kPatience);
  ASSERT_TRUE(started.ok()) << started;

  ActivityCommandStream stream(activity, kAcademy, seed);
  std::atomic<bool> stop = false;
  absl::Status streamed;
  std::thread client([&] { streamed = stream.Run(stop); });
  absl::Cleanup join_client = [&] {
    if (client.joinable()) {
      stream.Abandon();
      stop = true;
      client.join();
    }
  };

  for (int kill = 1; kill <= kills; ++kill) {
    // A quarter of the kills fall anywhere from the launch on: while the process opens its
    // log, store and clock, or catches up. The others hit a process that has answered a
    // command in this run: half of them right after a command's append, before its answer
    // (where a lost or doubled command would hide), half anywhere.
    const int kind = std::discrete_distribution<int>({1, 1.5, 1.5})(random);
    absl::Duration delay;
    if (kind == 0) {
      delay = absl::Milliseconds(std::uniform_int_distribution<int>(0, 1500)(random));
    } else {
      absl::Status ready = activity.WaitListening(absl::Now() + kPatience);
      if (ready.ok()) ready = activity.WaitServing(absl::Now() + kPatience);
      ASSERT_TRUE(ready.ok()) << ready;
      ready = stream.AwaitAcknowledged(stream.acknowledged() + 1, kPatience);
      ASSERT_TRUE(ready.ok()) << ready << "\n" << activity.LogTail();
      if (kind == 1) {
        ready = AwaitAppendUnanswered(stream, **log, topics.activity);
        ASSERT_TRUE(ready.ok()) << ready << "\n" << activity.LogTail();
        delay = absl::ZeroDuration();
      } else {
        delay = absl::Milliseconds(std::uniform_int_distribution<int>(0, 2000)(random));
      }
    }
    Sleep(delay);
    ASSERT_TRUE(activity.Running()) << "the service ended by itself:\n" << activity.LogTail();
    activity.Kill();
    std::cout << "kill " << kill << " (" << kKillKinds[kind] << ", " << delay
              << "): " << stream.acknowledged() << " commands acknowledged, " << stream.retries()
              << " retries" << std::endl;
    activity.Launch();  // the same data directory and transactional id
  }
  started = activity.WaitListening(absl::Now() + kPatience);
  if (started.ok()) started = activity.WaitServing(absl::Now() + kPatience);
  ASSERT_TRUE(started.ok()) << started;
  absl::Status more = stream.AwaitAcknowledged(stream.acknowledged() + 3, kPatience);
  ASSERT_TRUE(more.ok()) << more;
  stop = true;
  client.join();
  ASSERT_TRUE(streamed.ok()) << streamed << "\n" << activity.LogTail();
  std::cout << stream.acknowledged() << " commands acknowledged through " << activity.runs()
            << " runs, " << stream.retries() << " retries" << std::endl;

  // (a) Every acknowledged command's effect, once.
  stream.ExpectEffectsVisible();

  // (b) The live state equals a clean replay. Nothing writes any more: once the live
  // projection stands at the log's end, its checksum covers exactly what a replay reads.
  activity::ActivityProjector projector(topics);
  auto ends = EndOffsets(**log, projector.Topics());
  ASSERT_TRUE(ends.ok()) << ends.status();
  auto live = WaitForPositions(activity.Channel(), "activity", *ends, absl::Now() + kPatience);
  ASSERT_TRUE(live.ok()) << live.status();
  auto stopped = activity.Terminate(absl::Now() + kPatience);
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  EXPECT_EQ(*stopped, 0) << activity.LogTail();
  auto replay = ReplayGuarded(dir.Sub("replay"), **log, projector);
  ASSERT_TRUE(replay.ok()) << replay.status();
  auto digest = (*replay)->TakeDigest();
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_TRUE(digest->positions == PositionsOf(*live))
      << "replay " << Describe(digest->positions) << "\nlive " << Describe(PositionsOf(*live));
  EXPECT_EQ(digest->checksum, live->checksum());

  auto recognition_stopped = recognition.Terminate(absl::Now() + kPatience);
  EXPECT_TRUE(recognition_stopped.ok() && *recognition_stopped == 0) << recognition.LogTail();
}

}  // namespace
}  // namespace stem::integration
