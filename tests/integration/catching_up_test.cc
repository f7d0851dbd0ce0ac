// A replica that replays the log refuses queries (UNAVAILABLE / REPLICA_CATCHING_UP)
// rather than answer with part of the state (issue 15): stem-activity on the embedded log
// (no broker) imports a season of registrations, loses its store, and is asked for the
// last one from the moment it listens again.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/status.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

constexpr char kAcademy[] = "0123456749";
constexpr absl::Duration kPatience = absl::Seconds(60);

// Imports `count` registrations on one stream; the last one's activity id.
std::string ImportSeason(ServiceProcess& activity, int count) {
  auto stub = activity::v1::ActivityService::NewStub(activity.Channel());
  auto context = CallAs("officer", absl::Seconds(300));
  auto stream = stub->ImportCommands(context.get());
  std::thread writer([&] {
    for (int n = 0; n < count; ++n) {
      if (!stream->Write(SeasonRegistration(kAcademy, n))) break;
    }
    stream->WritesDone();
  });
  activity::v1::ImportCommandsResponse answer;
  std::string last;
  int accepted = 0;
  while (stream->Read(&answer)) {
    if (answer.status().code() != 0) continue;
    ++accepted;
    if (answer.index() == count - 1) last = answer.register_activity().activity_id();
  }
  writer.join();
  const grpc::Status finished = stream->Finish();
  EXPECT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_EQ(accepted, count);
  return last;
}

TEST(ReplicaConsistencyTest, AReplicaThatReplaysRefusesQueriesInsteadOfAnsweringPartly) {
  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  ServiceProcess activity(
      {STEM_ACTIVITY_BIN,
       {"--log=embedded", "--data_dir=" + dir.Sub("data"), "--token_file=" + dir.Sub("tokens"),
        "--clock_start=2019-01-07T09:00:00Z", "--partitions=3"},
       "stem.activity.v1.ActivityService",
       dir.Sub("activity.log")});
  ASSERT_TRUE(activity.StartServing(absl::Now() + kPatience).ok()) << activity.LogTail();
  const std::string last = ImportSeason(activity, 40000);
  ASSERT_FALSE(last.empty());

  // The store is lost (a new volume); the log is whole: the replica replays 40,000 facts.
  ASSERT_EQ(activity.Terminate(absl::Now() + kPatience).value_or(-1), 0);
  std::filesystem::remove_all(dir.Sub("data") + "/activity");
  activity.Launch();
  ASSERT_TRUE(activity.WaitListening(absl::Now() + kPatience).ok()) << activity.LogTail();

  auto stub = activity::v1::ActivityService::NewStub(activity.Channel());
  activity::v1::GetActivityRequest request;
  request.set_activity_id(last);
  int refused = 0;
  absl::Status answered;
  for (const absl::Time deadline = absl::Now() + kPatience; absl::Now() < deadline;) {
    activity::v1::GetActivityResponse response;
    answered = rpc::FromGrpcStatus(
        stub->GetActivity(CallAs("officer", absl::Seconds(10)).get(), request, &response));
    if (answered.ok()) {
      EXPECT_EQ(response.activity().activity_id(), last);
      break;
    }
    // Anything but "not yet" is an answer from part of the state (NOT_FOUND before the fix).
    ASSERT_EQ(ReasonOf(answered), "REPLICA_CATCHING_UP") << answered;
    EXPECT_EQ(answered.code(), absl::StatusCode::kUnavailable);
    ++refused;
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(answered.ok()) << answered << "\n" << activity.LogTail();
  EXPECT_GT(refused, 0) << "the replica answered before it could have replayed the log";
}

}  // namespace
}  // namespace stem::integration
