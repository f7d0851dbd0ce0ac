// What the embedded log promises beyond the contract suite (embedded_contract_test.cc):
// crash recovery across partitions, the directory lock, and its own limits.
#include "libs/eventlog/embedded_event_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/eventlog/embedded_log_repair.h"
#include "libs/eventlog/internal/embedded_log_fixture.h"

namespace stem::eventlog::internal {
namespace {

using eventlog::EmbeddedLogInspection;
using eventlog::InspectEmbeddedLog;
using eventlog::MoveEmbeddedLogDamageAside;

using ::testing::HasSubstr;

// A key of partition 0 and one of partition 1, of two.
std::array<std::string, 2> KeysOfTwoPartitions() {
  std::array<std::string, 2> key;
  for (int k = 0; key[0].empty() || key[1].empty(); ++k) {
    std::string candidate = absl::StrCat("key-", k);
    std::string& slot = key[PartitionForKey(candidate, 2)];
    if (slot.empty()) slot = candidate;
  }
  return key;
}

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
      std::filesystem::remove_all(path() + "/quarantine");
      std::vector<std::string> lines;
      std::unique_ptr<EventLog> log = Open(&lines);
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
      // Every cut byte was copied aside first, and each cut was logged.
      std::string cut_bytes;
      size_t quarantined = 0;
      if (!whole) {
        for (int32_t p = 0; p < kPartitions; ++p) {
          cut_bytes +=
              (p == torn ? intact[p].substr(0, cut) : intact[p]).substr(size_before_last[p]);
        }
        for (const auto& entry : std::filesystem::directory_iterator(path() + "/quarantine")) {
          quarantined += ReadWholeFile(entry.path().string()).size();
        }
      }
      EXPECT_EQ(quarantined, cut_bytes.size()) << "partition " << torn << " cut at " << cut;
      EXPECT_EQ(lines.size(),
                whole ? 0U : static_cast<size_t>(kPartitions) - (cut == size_before_last[torn]))
          << "partition " << torn << " cut at " << cut;
      for (const std::string& line : lines) {
        EXPECT_THAT(line, HasSubstr("cut the unfinished commit 3 at open"));
        EXPECT_THAT(line, HasSubstr("/quarantine/"));
      }
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

// Damage no crash of the writer leaves fails the open, naming file and byte, and every byte
// of every file stays as it was: acknowledged facts are at stake (rulebook section 9).
TEST_F(EmbeddedEventLogTest, DamageThatIsNotTheCommitInFlightFailsTheOpenAndChangesNothing) {
  const std::array<std::string, 2> key = KeysOfTwoPartitions();
  // Commit 1 writes both partitions, commit 2 only partition 0, commit 3 only partition 1.
  uint64_t before_commit_2 = 0;
  {
    std::unique_ptr<EventLog> log = Open();
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
    ASSERT_TRUE(log->Append({{kTopic, key[0], "one"}, {kTopic, key[1], "one"}}, Deadline()).ok());
    before_commit_2 = std::filesystem::file_size(PartitionPath(0));
    ASSERT_TRUE(log->Append({{kTopic, key[0], "two"}}, Deadline()).ok());
    ASSERT_TRUE(log->Append({{kTopic, key[1], "three"}}, Deadline()).ok());
  }
  const std::string intact[2] = {ReadWholeFile(PartitionPath(0)), ReadWholeFile(PartitionPath(1))};
  struct Damage {
    std::string name;
    int32_t partition;
    std::function<std::string(std::string)> apply;
    std::string expected;
  };
  auto flip = [](size_t byte) {
    return [byte](std::string bytes) {
      bytes[byte] = static_cast<char>(bytes[byte] ^ 0x04);
      return bytes;
    };
  };
  const std::vector<Damage> damages = {
      {"a bit in the middle of a file", 0, flip(20),
       absl::StrCat("0.log at byte 0 (after commit 0")},
      {"a bit in the last frame of a commit that others follow", 0, flip(before_commit_2 + 30),
       absl::StrCat("0.log at byte ", before_commit_2)},
      {"a bit in the last commit's frame", 1, flip(intact[1].size() - 3), "1.log at byte "},
      {"a torn frame of a commit that others follow", 0,
       [&](std::string bytes) { return bytes.substr(0, bytes.size() - 5); },
       "ends in a partial frame of commit 2, but the commit in flight can only be 4"},
  };
  for (const Damage& damage : damages) {
    std::string files[2] = {intact[0], intact[1]};
    files[damage.partition] = damage.apply(files[damage.partition]);
    for (int32_t p = 0; p < 2; ++p) WriteWholeFile(PartitionPath(p), files[p]);
    absl::StatusOr<std::unique_ptr<EventLog>> log =
        OpenEmbeddedEventLog({.directory = path(), .sync = true});
    EXPECT_EQ(log.status().code(), absl::StatusCode::kDataLoss) << damage.name;
    EXPECT_EQ(ReasonOf(log.status()), "LOG_DAMAGED") << damage.name;
    EXPECT_THAT(log.status().message(), HasSubstr(damage.expected)) << damage.name;
    for (int32_t p = 0; p < 2; ++p) {
      EXPECT_EQ(ReadWholeFile(PartitionPath(p)), files[p]) << damage.name << ": partition " << p;
    }
    EXPECT_FALSE(std::filesystem::exists(path() + "/quarantine")) << damage.name;
  }
}

// A commit with a frame missing, followed by later commits, is not a crash's doing.
TEST_F(EmbeddedEventLogTest, AnUnfinishedCommitThatLaterCommitsFollowFailsTheOpen) {
  const std::array<std::string, 2> key = KeysOfTwoPartitions();
  uint64_t before_commit_2 = 0;
  {
    std::unique_ptr<EventLog> log = Open();
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
    ASSERT_TRUE(log->Append({{kTopic, key[0], "one"}, {kTopic, key[1], "one"}}, Deadline()).ok());
    before_commit_2 = std::filesystem::file_size(PartitionPath(1));
    ASSERT_TRUE(log->Append({{kTopic, key[0], "two"}, {kTopic, key[1], "two"}}, Deadline()).ok());
    ASSERT_TRUE(log->Append({{kTopic, key[0], "three"}}, Deadline()).ok());
  }
  const std::string partition_1 = ReadWholeFile(PartitionPath(1)).substr(0, before_commit_2);
  WriteWholeFile(PartitionPath(1), partition_1);
  absl::StatusOr<std::unique_ptr<EventLog>> log =
      OpenEmbeddedEventLog({.directory = path(), .sync = true});
  EXPECT_EQ(log.status().code(), absl::StatusCode::kDataLoss) << log.status();
  EXPECT_THAT(log.status().message(),
              HasSubstr("commit 2 lacks 1 of its frames, but commits up to 3 follow it"));
  EXPECT_EQ(ReadWholeFile(PartitionPath(1)), partition_1);
}

// The operator's way out: see the damage, then move it and every commit it may have touched
// aside. What stays opens and reads; what left is in the quarantine files, byte for byte.
TEST_F(EmbeddedEventLogTest, DamageIsShownAndOnlyMovedAsideWhenAsked) {
  uint64_t before_damage = 0;
  {
    std::unique_ptr<EventLog> log = Open();
    ASSERT_NE(log, nullptr);
    ASSERT_TRUE(log->EnsureTopics({Spec(kTopic, 2)}).ok());
    ASSERT_TRUE(log->Append(Call("first", 6), Deadline()).ok());
    before_damage = std::filesystem::file_size(PartitionPath(0));
    ASSERT_TRUE(log->Append(Call("second", 6), Deadline()).ok());
    ASSERT_TRUE(log->Append(Call("third", 6), Deadline()).ok());
  }
  const std::string intact[2] = {ReadWholeFile(PartitionPath(0)), ReadWholeFile(PartitionPath(1))};
  std::string damaged = intact[0];
  damaged[before_damage + 25] = static_cast<char>(damaged[before_damage + 25] ^ 0x01);
  WriteWholeFile(PartitionPath(0), damaged);

  absl::StatusOr<EmbeddedLogInspection> inspection = InspectEmbeddedLog(path());
  ASSERT_TRUE(inspection.ok()) << inspection.status();
  EXPECT_EQ(ReasonOf(inspection->opens), "LOG_DAMAGED");
  ASSERT_EQ(inspection->files.size(), 2U);
  EXPECT_THAT(inspection->files[0], HasSubstr(absl::StrCat("DAMAGE at byte ", before_damage)));
  EXPECT_EQ(inspection->cut_from_commit, 2U) << "commit 2 is the first the damage may touch";
  EXPECT_EQ(ReadWholeFile(PartitionPath(0)), damaged) << "showing changes nothing";
  EXPECT_FALSE(OpenEmbeddedEventLog({.directory = path(), .sync = true}).ok());

  absl::StatusOr<std::vector<std::string>> moved = MoveEmbeddedLogDamageAside(path());
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->size(), 2U) << "commits 2 and 3 touched both partitions";
  std::string quarantined;
  for (const auto& entry : std::filesystem::directory_iterator(path() + "/quarantine")) {
    quarantined += ReadWholeFile(entry.path().string());
  }
  const uint64_t kept_1 =
      intact[1].size() - (quarantined.size() - (damaged.size() - before_damage));
  EXPECT_EQ(ReadWholeFile(PartitionPath(0)), damaged.substr(0, before_damage));
  EXPECT_EQ(ReadWholeFile(PartitionPath(1)), intact[1].substr(0, kept_1));

  std::unique_ptr<EventLog> log = Open();
  ASSERT_NE(log, nullptr);
  std::map<std::string, int> calls;
  for (const Record& record : ReadEverything(*log)) {
    ++calls[record.value.substr(0, record.value.find('/'))];
  }
  EXPECT_EQ(calls, (std::map<std::string, int>{{"first", 6}}));
  // Whole records to move are those of partition 1; partition 0's are in its damaged tail.
  int64_t keys_in_1 = 0;
  for (int k = 0; k < 6; ++k) keys_in_1 += PartitionForKey(absl::StrCat("key-", k), 2);
  ASSERT_GT(keys_in_1, 0);
  ASSERT_LT(keys_in_1, 6);
  EXPECT_EQ(inspection->records_to_move, 2 * keys_in_1);
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
