// stem-allinone (the four services and the audit in one process, on the embedded log)
// SIGKILLed at random points under a stream of commands: after each restart from its data
// directory nothing acknowledged is lost or applied twice, and at the end the audit - over
// gRPC, as an auditor would run it - finds every live projection equal to a clean replay
// of the log and every hash chain intact.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "google/protobuf/util/time_util.h"
#include "libs/clock/clock.h"
#include "libs/common/testing/temp_dir.h"
#include "stem/audit/v1/audit_service.grpc.pb.h"
#include "stem/clock/v1/clock_service.grpc.pb.h"
#include "tests/integration/activity_command_stream.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

constexpr char kAcademy[] = "0123456749";
constexpr char kRecognitionToday[] = "2019-01-07T09:00:00Z";
constexpr absl::Duration kPatience = absl::Seconds(60);

void Sleep(absl::Duration duration) {
  std::this_thread::sleep_for(absl::ToChronoMicroseconds(duration));
}

// What each projection of the current run holds, for failure messages.
std::string ProjectionStates(const std::shared_ptr<grpc::Channel>& channel) {
  std::string text;
  for (const char* name : {"recognition", "activity", "partnership", "subsidy", "tranches"}) {
    auto state = ProjectionStateOf(channel, name);
    text += std::string(name) + ": " +
            (state.ok() ? Describe(PositionsOf(*state)) + " " + state->error()
                        : std::string(state.status().message())) +
            "\n";
  }
  return text;
}

void AdvanceClockTo(const std::shared_ptr<grpc::Channel>& channel, const char* instant) {
  auto stub = clock::v1::ClockService::NewStub(channel);
  clock::v1::AdvanceClockRequest request;
  *request.mutable_to() = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(*clock::ParseInstant(instant)));
  clock::v1::AdvanceClockResponse response;
  grpc::Status status =
      stub->AdvanceClock(CallAs("operator", absl::Seconds(10)).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

TEST(AllInOneKillTest, RestartsToTheStateOfACleanReplay) {
  const uint64_t seed = EnvOr("STEM_RESTART_SEED", std::random_device{}());
  const int kills = static_cast<int>(EnvOr("STEM_RESTART_KILLS", 10));
  std::cout << "all-in-one kill test: seed " << seed << ", " << kills << " kills" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);

  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  ServiceProcess allinone({STEM_ALLINONE_BIN,
                           {"--data_dir=" + dir.Sub("data"), "--token_file=" + dir.Sub("tokens"),
                            "--clock_start=" + std::string(kRecognitionToday), "--partitions=3"},
                           "stem.audit.v1.AuditService",
                           dir.Sub("allinone.log")});
  absl::Status started = allinone.StartServing(absl::Now() + kPatience);
  ASSERT_TRUE(started.ok()) << started << "\n" << allinone.LogTail();
  absl::Status recognised = RecogniseAcademy(allinone.Channel(), kAcademy);
  ASSERT_TRUE(recognised.ok()) << recognised;
  AdvanceClockTo(allinone.Channel(), kServiceToday);

  ActivityCommandStream stream(allinone, kAcademy, seed);
  std::atomic<bool> stop = false;
  absl::Status streamed;
  std::atomic<bool> stream_ended = false;
  std::thread client([&] {
    streamed = stream.Run(stop);
    stream_ended = true;
  });
  // Why the stream stopped, when it did (read only after it ended).
  auto stream_end = [&] {
    return stream_ended ? "the stream ended: " + streamed.ToString() + "\n" : std::string();
  };
  absl::Cleanup join_client = [&] {
    if (client.joinable()) {
      stream.Abandon();
      stop = true;
      client.join();
    }
  };

  for (int kill = 1; kill <= kills; ++kill) {
    // A third of the kills fall anywhere from the launch on (opening the log, the five
    // stores and the clock, or catching up); the others hit a run that answered a command.
    const bool from_launch = std::uniform_int_distribution<int>(0, 2)(random) == 0;
    if (!from_launch) {
      absl::Status ready = allinone.WaitListening(absl::Now() + kPatience);
      if (ready.ok()) ready = allinone.WaitServing(absl::Now() + kPatience);
      if (ready.ok()) ready = stream.AwaitAcknowledged(stream.acknowledged() + 1, kPatience);
      ASSERT_TRUE(ready.ok()) << ready << "\n"
                              << allinone.LogTail() << ProjectionStates(allinone.Channel())
                              << stream_end();
    }
    const absl::Duration delay = absl::Milliseconds(
        std::uniform_int_distribution<int>(0, from_launch ? 1500 : 1000)(random));
    Sleep(delay);
    ASSERT_TRUE(allinone.Running()) << "it ended by itself:\n" << allinone.LogTail();
    allinone.Kill();
    std::cout << "kill " << kill << " (" << (from_launch ? "from launch" : "serving") << ", "
              << delay << "): " << stream.acknowledged() << " commands acknowledged" << std::endl;
    allinone.Launch();
  }
  started = allinone.WaitListening(absl::Now() + kPatience);
  if (started.ok()) started = allinone.WaitServing(absl::Now() + kPatience);
  ASSERT_TRUE(started.ok()) << started << "\n" << allinone.LogTail();
  absl::Status more = stream.AwaitAcknowledged(stream.acknowledged() + 3, kPatience);
  ASSERT_TRUE(more.ok()) << more;
  stop = true;
  client.join();
  ASSERT_TRUE(streamed.ok()) << streamed << "\n" << allinone.LogTail();

  // (a) Every acknowledged command's effect, once.
  stream.ExpectEffectsVisible();

  // (b) The audit, through the public API: every projection equals a clean replay of the
  // log up to its positions, and the chains are whole.
  auto audit = audit::v1::AuditService::NewStub(allinone.Channel());
  auto context = CallAs("auditor", absl::Seconds(120));
  auto reader = audit->ReplayAudit(context.get(), audit::v1::ReplayAuditRequest());
  audit::v1::ReplayAuditResponse message;
  audit::v1::AuditReport report;
  int progress_messages = 0;
  while (reader->Read(&message)) {
    if (message.has_report()) report = message.report();
    if (message.has_progress()) ++progress_messages;
  }
  grpc::Status finished = reader->Finish();
  ASSERT_TRUE(finished.ok()) << finished.error_code() << " " << finished.error_message() << "\n"
                             << allinone.LogTail();
  EXPECT_GT(progress_messages, 0);
  std::string divergences;
  for (const auto& divergence : report.divergences())
    divergences += divergence.description() + "\n";
  EXPECT_TRUE(report.passed()) << divergences;
  EXPECT_EQ(report.projections_size(), 4);  // recognition, activity, partnership, subsidy
  for (const auto& projection : report.projections()) {
    EXPECT_TRUE(projection.equal()) << projection.name();
  }
  EXPECT_GT(report.facts_read(), stream.acknowledged());
  std::cout << stream.acknowledged() << " commands acknowledged through " << allinone.runs()
            << " runs; the audit read " << report.facts_read() << " facts" << std::endl;
}

}  // namespace
}  // namespace stem::integration
