#include "libs/eventlog/internal/embedded_partition_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/eventlog/internal/embedded_frame.h"
#include "libs/eventlog/internal/embedded_testing.h"

namespace stem::eventlog::internal {
namespace {

using KeyValues = std::vector<std::pair<std::string_view, std::string_view>>;

const TopicPartition kPartition{"topic", 0};

std::unique_ptr<PartitionFile> OpenOrDie(const std::string& path,
                                         std::vector<uint64_t>* commits = nullptr,
                                         uint64_t index_interval = 4096) {
  auto file = PartitionFile::Open(path,
                                  [&](uint64_t commit_seq, uint32_t) {
                                    if (commits != nullptr) commits->push_back(commit_seq);
                                  },
                                  {.index_interval_bytes = index_interval});
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : nullptr;
}

// Commit n (from 1) holds n records "value-<n>-<i>".
void WriteCommits(PartitionFile& file, int first, int last) {
  for (int n = first; n <= last; ++n) {
    std::vector<std::string> values;
    for (int i = 0; i < n; ++i) values.push_back(absl::StrCat("value-", n, "-", i));
    KeyValues records;
    for (const std::string& value : values) records.emplace_back("key", value);
    file.StageFrame(static_cast<uint64_t>(n), 1, records, n);
    ASSERT_TRUE(file.FlushStaged().ok());
    ASSERT_TRUE(file.Sync().ok());
    file.Publish();
  }
}

std::vector<Record> ReadAll(const PartitionFile& file, int64_t from, size_t max = 1000000) {
  std::vector<Record> records;
  ReadCursor cursor;
  EXPECT_TRUE(file.Read(from, file.published_end(), max, kPartition, &cursor, &records).ok());
  return records;
}

TEST(PartitionFileTest, ReopensWithEveryCommitAndReadsFromAnyOffset) {
  TestDirectory directory;
  std::string path = directory.path() + "/0.log";
  {
    std::unique_ptr<PartitionFile> file = OpenOrDie(path);
    ASSERT_NE(file, nullptr);
    WriteCommits(*file, 1, 20);
  }
  std::vector<uint64_t> commits;
  // A tiny index interval and the default: lookups land on many different entries.
  for (uint64_t interval : {uint64_t{1}, uint64_t{100}, uint64_t{4096}}) {
    commits.clear();
    std::unique_ptr<PartitionFile> file = OpenOrDie(path, &commits, interval);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(commits.size(), 20U);
    EXPECT_EQ(file->recovered_last_commit_seq(), 20U);
    PartitionFile::End end = file->published_end();
    EXPECT_EQ(end.offset, 210);  // 1 + 2 + ... + 20
    for (int64_t from = 0; from <= end.offset; ++from) {
      std::vector<Record> records = ReadAll(*file, from);
      ASSERT_EQ(records.size(), static_cast<size_t>(end.offset - from)) << from;
      for (size_t i = 0; i < records.size(); ++i) {
        ASSERT_EQ(records[i].offset, from + static_cast<int64_t>(i));
      }
    }
  }
}

TEST(PartitionFileTest, ACursorContinuesInsideAFrame) {
  TestDirectory directory;
  std::unique_ptr<PartitionFile> file = OpenOrDie(directory.path() + "/0.log");
  ASSERT_NE(file, nullptr);
  WriteCommits(*file, 1, 10);
  std::vector<Record> records;
  ReadCursor cursor;
  int64_t next = 0;
  for (int reads = 0; next < file->published_end().offset && reads < 100; ++reads) {
    size_t before = records.size();
    ASSERT_TRUE(file->Read(next, file->published_end(), 4, kPartition, &cursor, &records).ok());
    ASSERT_LE(records.size() - before, 4U);
    ASSERT_GT(records.size(), before);
    next = cursor.next_offset;
  }
  ASSERT_EQ(records.size(), 55U);
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].offset, static_cast<int64_t>(i));
  EXPECT_EQ(records[0].value, "value-1-0");
  EXPECT_EQ(records[54].value, "value-10-9");
  EXPECT_EQ(records[54].log_time, absl::FromUnixMicros(10));
}

// Commits 1-5 (15 records) in a new file; the size before the last one.
uint64_t WriteFiveCommits(const std::string& path) {
  std::unique_ptr<PartitionFile> file = OpenOrDie(path);
  EXPECT_NE(file, nullptr);
  if (file == nullptr) return 0;
  WriteCommits(*file, 1, 4);
  const uint64_t before_last = file->published_end().bytes;
  WriteCommits(*file, 5, 5);
  return before_last;
}

// Open changes nothing: a frame cut short at any byte is described as a torn tail (with the
// commit it declares, once the body reaches that far) and stays on disk until a cut.
TEST(PartitionFileTest, ATornLastFrameIsReportedAtEveryBytePositionAndLeftInPlace) {
  TestDirectory directory;
  std::string path = directory.path() + "/0.log";
  const uint64_t before_last = WriteFiveCommits(path);
  std::string intact = ReadWholeFile(path);
  ASSERT_GT(intact.size(), before_last);
  for (size_t cut = before_last + 1; cut < intact.size(); ++cut) {
    WriteWholeFile(path, intact.substr(0, cut));
    std::vector<uint64_t> commits;
    std::unique_ptr<PartitionFile> file = OpenOrDie(path, &commits);
    ASSERT_NE(file, nullptr) << cut;
    EXPECT_EQ(commits, (std::vector<uint64_t>{1, 2, 3, 4})) << cut;
    EXPECT_EQ(file->published_end().offset, 10) << cut;
    EXPECT_EQ(file->published_end().bytes, before_last) << cut;
    const FileTail& tail = file->tail();
    EXPECT_EQ(tail.kind, FileTail::Kind::kTorn) << cut << ": " << tail.why;
    EXPECT_EQ(tail.position, before_last);
    EXPECT_EQ(tail.length, cut - before_last);
    const bool declares_commit = cut - before_last >= kFrameHeaderSize + 8;
    EXPECT_EQ(tail.declared_commit_seq, declares_commit ? 5U : 0U) << cut;
    EXPECT_EQ(ReadWholeFile(path), intact.substr(0, cut)) << "open wrote nothing: " << cut;
    EXPECT_EQ(ReadAll(*file, 0).size(), 10U);
  }
}

// A whole last frame that fails its checksum was written whole: damage, not a torn write,
// wherever the flipped bit lies - including its length field.
TEST(PartitionFileTest, AFlippedBitInAWholeLastFrameIsDamage) {
  TestDirectory directory;
  std::string path = directory.path() + "/0.log";
  const uint64_t before_last = WriteFiveCommits(path);
  const std::string intact = ReadWholeFile(path);
  for (size_t byte = before_last; byte < intact.size(); ++byte) {
    for (int bit : {0, 7}) {
      std::string damaged = intact;
      damaged[byte] = static_cast<char>(damaged[byte] ^ (1 << bit));
      WriteWholeFile(path, damaged);
      std::unique_ptr<PartitionFile> file = OpenOrDie(path);
      ASSERT_NE(file, nullptr);
      EXPECT_EQ(file->tail().kind, FileTail::Kind::kDamaged)
          << "byte " << byte << " bit " << bit << " taken for " << file->tail().why;
      EXPECT_EQ(file->tail().position, before_last);
      EXPECT_EQ(ReadWholeFile(path), damaged);
    }
  }
}

TEST(PartitionFileTest, DamageBeforeIntactFramesIsReportedAndLeftInPlace) {
  TestDirectory directory;
  std::string path = directory.path() + "/0.log";
  {
    std::unique_ptr<PartitionFile> file = OpenOrDie(path);
    ASSERT_NE(file, nullptr);
    WriteCommits(*file, 1, 3);
  }
  std::string contents = ReadWholeFile(path);
  contents[20] = static_cast<char>(contents[20] ^ 0x01);  // Inside the first frame.
  WriteWholeFile(path, contents);
  std::unique_ptr<PartitionFile> file = OpenOrDie(path);
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->tail().kind, FileTail::Kind::kDamaged);
  EXPECT_EQ(file->tail().position, 0U);
  EXPECT_EQ(file->tail().length, contents.size());
  EXPECT_EQ(file->published_end().offset, 0);
  EXPECT_EQ(ReadWholeFile(path), contents) << "a damaged file is left as it was";
}

TEST(PartitionFileTest, CutFromCopiesThatCommitAndTheLaterOnesAsideThenCutsThem) {
  TestDirectory directory;
  std::string path = directory.path() + "/0.log";
  std::unique_ptr<PartitionFile> file = OpenOrDie(path);
  ASSERT_NE(file, nullptr);
  WriteCommits(*file, 1, 3);
  const uint64_t kept_bytes = file->published_end().bytes;
  WriteCommits(*file, 4, 5);
  const std::string before = ReadWholeFile(path);
  file.reset();
  file = OpenOrDie(path);
  const std::string quarantine = directory.path() + "/quarantine/0.cut";
  absl::StatusOr<std::optional<FileCut>> cut = file->CutFrom(4, quarantine);
  ASSERT_TRUE(cut.ok()) << cut.status();
  ASSERT_TRUE(cut->has_value());
  EXPECT_EQ((*cut)->from_byte, kept_bytes);
  EXPECT_EQ((*cut)->to_byte, before.size());
  EXPECT_EQ((*cut)->first_commit_seq, 4U);
  EXPECT_EQ((*cut)->last_commit_seq, 5U);
  EXPECT_EQ((*cut)->records, 9);
  EXPECT_EQ(ReadWholeFile(quarantine), before.substr(kept_bytes)) << "every cut byte is kept";
  EXPECT_EQ(file->recovered_last_commit_seq(), 3U);
  EXPECT_EQ(file->published_end().offset, 6);
  EXPECT_EQ(ReadAll(*file, 0).size(), 6U);
  // Nothing left to cut: no file is made.
  absl::StatusOr<std::optional<FileCut>> again = file->CutFrom(4, quarantine + ".again");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  // The next commit continues right after.
  WriteCommits(*file, 6, 6);
  std::vector<Record> records = ReadAll(*file, 6);
  ASSERT_EQ(records.size(), 6U);
  EXPECT_EQ(records[0].value, "value-6-0");
  file.reset();
  std::vector<uint64_t> commits;
  file = OpenOrDie(path, &commits);
  EXPECT_EQ(commits, (std::vector<uint64_t>{1, 2, 3, 6}));
}

TEST(PartitionFileTest, RollbackForgetsUnpublishedFrames) {
  TestDirectory directory;
  std::string path = directory.path() + "/0.log";
  std::unique_ptr<PartitionFile> file = OpenOrDie(path);
  ASSERT_NE(file, nullptr);
  WriteCommits(*file, 1, 2);
  PartitionFile::End published = file->published_end();
  KeyValues records = {{"key", "never published"}};
  EXPECT_EQ(file->StageFrame(3, 2, records, 0), 3);
  ASSERT_TRUE(file->FlushStaged().ok());
  EXPECT_EQ(file->published_end().offset, published.offset) << "readers do not see it yet";
  ASSERT_TRUE(file->Rollback().ok());
  EXPECT_EQ(ReadWholeFile(path).size(), published.bytes);
  EXPECT_EQ(file->StageFrame(4, 1, records, 0), 3) << "the offset is free again";
}

}  // namespace
}  // namespace stem::eventlog::internal
