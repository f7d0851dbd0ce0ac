// What the embedded log promises beyond the contract suite (embedded_contract_test.cc):
// crash recovery across partitions, the directory lock, and its own limits.
#include "libs/eventlog/embedded_event_log.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/internal/embedded_log_fixture.h"

namespace stem::eventlog::internal {
namespace {

// The heart of recovery: whichever file a crash tore the last call's frame in, at whatever
// byte, reopening drops that call from every partition and keeps every earlier call.
TEST_F(EmbeddedEventLogTest, ACallTornInAnyFileAtAnyByteIsGoneEverywhere) {
  constexpr int32_t kPartitions = 3;
  std::map<int32_t, uint64_t> size_before_last;
  {
    std::unique_ptr<EventLog> log = Open();
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, kPartitions)}).ok());
    ASSERT_TRUE(log->Append(Call("first", 8), Deadline()).ok());
    ASSERT_TRUE(log->Append(Call("second", 8), Deadline()).ok());
    for (int32_t p = 0; p < kPartitions; ++p) {
      size_before_last[p] = std::filesystem::file_size(PartitionPath(p));
    }
    ASSERT_TRUE(log->Append(Call("last", 8), Deadline()).ok());
  }
  std::map<int32_t, std::string> intact;
  for (int32_t p = 0; p < kPartitions; ++p) intact[p] = ReadWholeFile(PartitionPath(p));

  for (int32_t torn = 0; torn < kPartitions; ++torn) {
    ASSERT_GT(intact[torn].size(), size_before_last[torn]) << "the last call touches " << torn;
    for (size_t cut = size_before_last[torn]; cut <= intact[torn].size(); ++cut) {
      for (int32_t p = 0; p < kPartitions; ++p) {
        WriteWholeFile(PartitionPath(p), p == torn ? intact[p].substr(0, cut) : intact[p]);
      }
      std::unique_ptr<EventLog> log = Open();
      ASSERT_NE(log, nullptr);
      std::vector<Record> records = ReadEverything(*log);
      std::map<std::string, int> calls;
      std::map<int32_t, int64_t> per_partition;
      for (const Record& record : records) {
        ++calls[record.value.substr(0, record.value.find('/'))];
        ++per_partition[record.topic_partition.partition];
      }
      bool whole = cut == intact[torn].size();
      std::map<std::string, int> expected = {{"first", 8}, {"second", 8}};
      if (whole) expected["last"] = 8;
      ASSERT_EQ(calls, expected) << "partition " << torn << " cut at " << cut;
      // New appends continue right after what survived.
      absl::StatusOr<std::vector<RecordPosition>> next = log->Append(Call("next", 4), Deadline());
      ASSERT_TRUE(next.ok()) << next.status();
      std::map<int32_t, int64_t> expected_offset = per_partition;
      for (const RecordPosition& position : *next) {
        EXPECT_EQ(position.offset, expected_offset[position.topic_partition.partition]++);
      }
    }
  }
}

TEST_F(EmbeddedEventLogTest, OnlyOneLogAtATimeOpensADirectory) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  absl::StatusOr<std::unique_ptr<EventLog>> second =
      OpenEmbeddedEventLog({.directory = path(), .sync = true});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();

  // Another process: the child reports the status code of its open as its exit code.
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    absl::StatusOr<std::unique_ptr<EventLog>> other =
        OpenEmbeddedEventLog({.directory = path(), .sync = true});
    ::_exit(static_cast<int>(other.status().code()));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), static_cast<int>(absl::StatusCode::kFailedPrecondition));

  log.reset();
  EXPECT_NE(Open(), nullptr) << "the lock goes with the log";
}

TEST_F(EmbeddedEventLogTest, DamageFollowedByIntactFramesFailsTheOpen) {
  {
    std::unique_ptr<EventLog> log = Open();
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 1)}).ok());
    ASSERT_TRUE(log->Append(Call("first", 2), Deadline()).ok());
    ASSERT_TRUE(log->Append(Call("second", 2), Deadline()).ok());
  }
  std::string contents = ReadWholeFile(PartitionPath(0));
  contents[30] = static_cast<char>(contents[30] ^ 0x10);
  WriteWholeFile(PartitionPath(0), contents);
  absl::StatusOr<std::unique_ptr<EventLog>> log =
      OpenEmbeddedEventLog({.directory = path(), .sync = true});
  EXPECT_EQ(log.status().code(), absl::StatusCode::kDataLoss) << log.status();
}

TEST_F(EmbeddedEventLogTest, RefusesIllegalTopicsAndChangesNothing) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  for (const std::string& name : {std::string(), std::string("a/b"), std::string(".."),
                                  std::string("LOCK"), std::string(250, 'x')}) {
    EXPECT_EQ(log->EnsureTopics({Spec(name, 1)}).code(), absl::StatusCode::kInvalidArgument)
        << name;
  }
  EXPECT_EQ(log->EnsureTopics({Spec("fine", 0)}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(log->EnsureTopics({Spec("fine", 10001)}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(log->EnsureTopics({Spec("fine", 2), Spec("fine", 3)}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(log->PartitionCount("fine").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(EmbeddedEventLogTest, AnUnfinishedTopicCreationIsIgnoredAndRedone) {
  std::filesystem::create_directories(absl::StrCat(path(), "/", kTopic));
  WriteWholeFile(PartitionPath(0), "");
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->PartitionCount(kTopic).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
  ASSERT_TRUE(log->Append(Call("call", 4), Deadline()).ok());
  log.reset();
  log = Open();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(*log->PartitionCount(kTopic), 2);
  EXPECT_EQ(ReadEverything(*log).size(), 4U);
}

TEST_F(EmbeddedEventLogTest, RefusesAppendsPastTheirDeadlineOrTooLarge) {
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
  EXPECT_EQ(log->Append(Call("late", 1), absl::Now() - absl::Seconds(1)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  std::vector<OutgoingRecord> huge = {{kTopic, "key", std::string(64 << 20, 'x')}};
  EXPECT_EQ(log->Append(huge, Deadline()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ReadEverything(*log).empty());
}

TEST_F(EmbeddedEventLogTest, RecordsOfOneCallShareALogTimeThatSurvivesRestarts) {
  std::vector<Record> before;
  {
    std::unique_ptr<EventLog> log = Open();
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 3)}).ok());
    ASSERT_TRUE(log->Append(Call("call", 6), Deadline()).ok());
    before = ReadEverything(*log);
  }
  ASSERT_EQ(before.size(), 6U);
  for (const Record& record : before) {
    EXPECT_EQ(record.log_time, before[0].log_time);
    EXPECT_GT(record.log_time, absl::UnixEpoch());
  }
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  for (const Record& record : ReadEverything(*log)) EXPECT_EQ(record.log_time, before[0].log_time);
}

TEST_F(EmbeddedEventLogTest, ReopensALargeLogAndReadsFromAnywhere) {
  constexpr int kCalls = 2000;
  constexpr int kPerCall = 50;
  {
    absl::StatusOr<std::unique_ptr<EventLog>> log =
        OpenEmbeddedEventLog({.directory = path(), .sync = false});
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->EnsureTopics({Spec(kTopic, 1)}).ok());
    for (int call = 0; call < kCalls; ++call) {
      std::vector<OutgoingRecord> records;
      for (int r = 0; r < kPerCall; ++r) {
        records.push_back({kTopic, "key", absl::StrCat(call * kPerCall + r)});
      }
      ASSERT_TRUE((*log)->Append(std::move(records), Deadline()).ok());
    }
  }
  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  absl::StatusOr<Positions> ends = log->EndOffsets(kTopic, Deadline());
  ASSERT_TRUE(ends.ok());
  EXPECT_EQ(ends->at(TopicPartition{kTopic, 0}), kCalls * kPerCall);
  for (int64_t from : {int64_t{0}, int64_t{1}, int64_t{49}, int64_t{50}, int64_t{12345},
                       int64_t{kCalls * kPerCall - 1}}) {
    ScriptedListener listener;
    listener.position = from;
    absl::StatusOr<std::unique_ptr<Subscription>> subscription = log->Subscribe(Options(&listener));
    ASSERT_TRUE(subscription.ok());
    absl::StatusOr<std::vector<Record>> records = (*subscription)->Poll(absl::ZeroDuration(), 3);
    ASSERT_TRUE(records.ok());
    ASSERT_FALSE(records->empty());
    EXPECT_EQ((*records)[0].offset, from);
    EXPECT_EQ((*records)[0].value, absl::StrCat(from));
  }
}

}  // namespace
}  // namespace stem::eventlog::internal
