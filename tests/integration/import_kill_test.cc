// A bulk import into stem-allinone (embedded log) SIGKILLed at random points while it runs,
// and sent again from the start after each restart, as `stem activity import-commands`
// advises: every item ends imported exactly once, an item answered before a kill is
// answered the same after it, and the audit finds every projection equal to a clean replay.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "libs/common/testing/temp_dir.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using activity::v1::ImportCommandsRequest;
using activity::v1::ImportCommandsResponse;
using activity::v1::RegisterActivityResponse;

constexpr char kAcademy[] = "0123456749";
constexpr absl::Duration kPatience = absl::Seconds(60);

// The answers every run of the import gave, checked against each other.
class Answers {
 public:
  // False (and a test failure) when an item is answered otherwise than before.
  void Record(const ImportCommandsResponse& answer) {
    std::lock_guard lock(mutex_);
    ++this_run_;
    if (answer.status().code() != 0) {
      ADD_FAILURE() << "item " << answer.index() << ": " << answer.status().message();
      return;
    }
    auto [earlier, first] = accepted_.emplace(answer.index(), answer.register_activity());
    if (!first) {
      EXPECT_EQ(earlier->second.activity_id(), answer.register_activity().activity_id());
      EXPECT_EQ(earlier->second.version(), answer.register_activity().version());
    }
  }
  int64_t this_run() const {
    std::lock_guard lock(mutex_);
    return this_run_;
  }
  void NewRun() {
    std::lock_guard lock(mutex_);
    this_run_ = 0;
  }
  size_t accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::map<int64_t, RegisterActivityResponse> accepted_;
  int64_t this_run_ = 0;
};

// Sends every item on one stream; the call's status (an error when the server died).
grpc::Status ImportAll(ServiceProcess& allinone, const std::vector<ImportCommandsRequest>& items,
                       Answers& answers) {
  auto stub = activity::v1::ActivityService::NewStub(allinone.Channel());
  auto context = CallAs("officer", absl::Seconds(120));
  auto stream = stub->ImportCommands(context.get());
  std::thread writer([&] {
    for (const ImportCommandsRequest& item : items) {
      if (!stream->Write(item)) break;
    }
    stream->WritesDone();
  });
  ImportCommandsResponse answer;
  while (stream->Read(&answer)) answers.Record(answer);
  writer.join();
  return stream->Finish();
}

TEST(ImportKillTest, AnImportSentAgainAfterEachKillEndsImportedExactlyOnce) {
  const uint64_t seed = EnvOr("STEM_RESTART_SEED", std::random_device{}());
  const int kills = static_cast<int>(EnvOr("STEM_RESTART_KILLS", 4));
  const int items_count = static_cast<int>(EnvOr("STEM_IMPORT_ITEMS", 20000));
  std::cout << "import kill test: seed " << seed << ", " << kills << " kills, " << items_count
            << " items" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);

  stem::testing::TempDir dir;
  WriteFile(dir.Sub("tokens"), TokenFileText({kAcademy}));
  ServiceProcess allinone({STEM_ALLINONE_BIN,
                           {"--data_dir=" + dir.Sub("data"), "--token_file=" + dir.Sub("tokens"),
                            "--clock_start=2019-01-07T09:00:00Z", "--partitions=3"},
                           "stem.audit.v1.AuditService",
                           dir.Sub("allinone.log")});
  absl::Status started = allinone.StartServing(absl::Now() + kPatience);
  ASSERT_TRUE(started.ok()) << started << "\n" << allinone.LogTail();
  const int64_t facts_before = AuditReportOf(allinone.Channel()).facts_read();

  std::vector<ImportCommandsRequest> items;
  for (int n = 0; n < items_count; ++n) items.push_back(SeasonRegistration(kAcademy, n));
  Answers answers;
  for (int kill = 1; kill <= kills; ++kill) {
    answers.NewRun();
    grpc::Status ended;
    std::thread client([&] { ended = ImportAll(allinone, items, answers); });
    // Kill once this run has answered some items (or at once: a kill before any answer).
    const int64_t wait_for = std::uniform_int_distribution<int64_t>(0, items_count / 2)(random);
    const absl::Time give_up = absl::Now() + kPatience;
    while (answers.this_run() < wait_for && absl::Now() < give_up)
      absl::SleepFor(absl::Milliseconds(2));
    absl::SleepFor(absl::Milliseconds(std::uniform_int_distribution<int>(0, 20)(random)));
    allinone.Kill();
    client.join();
    std::cout << "kill " << kill << ": " << answers.this_run() << " answers in this run, "
              << answers.accepted()
              << " items answered so far (the stream ended: " << ended.error_message() << ")"
              << std::endl;
    allinone.Launch();
    started = allinone.WaitListening(absl::Now() + kPatience);
    if (started.ok()) started = allinone.WaitServing(absl::Now() + kPatience);
    ASSERT_TRUE(started.ok()) << started << "\n" << allinone.LogTail();
  }
  answers.NewRun();
  const grpc::Status last = ImportAll(allinone, items, answers);
  ASSERT_TRUE(last.ok()) << last.error_message() << "\n" << allinone.LogTail();
  EXPECT_EQ(answers.this_run(), items_count);
  EXPECT_EQ(answers.accepted(), static_cast<size_t>(items_count));

  const audit::v1::AuditReport report = AuditReportOf(allinone.Channel());
  std::string divergences;
  for (const auto& divergence : report.divergences()) {
    divergences += divergence.description() + "\n";
  }
  EXPECT_TRUE(report.passed()) << divergences;
  // One fact per item: none lost, none twice.
  EXPECT_EQ(report.facts_read(), facts_before + items_count);
}

}  // namespace
}  // namespace stem::integration
