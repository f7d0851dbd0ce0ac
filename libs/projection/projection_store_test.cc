#include "libs/projection/projection_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

#include "libs/common/testing/temp_dir.h"

namespace stem::projection {
namespace {

using eventlog::Positions;
using eventlog::TopicPartition;
using stem::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::Pair;

const TopicPartition kP0{"recognition.events", 0};
const TopicPartition kP1{"recognition.events", 1};

std::unique_ptr<ProjectionStore> OpenOrDie(const std::string& path) {
  absl::StatusOr<std::unique_ptr<ProjectionStore>> store = ProjectionStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

std::optional<std::string> GetOrDie(const StateReader& state, std::string_view key) {
  absl::StatusOr<std::optional<std::string>> value = state.Get(key);
  EXPECT_TRUE(value.ok()) << value.status();
  return value.ok() ? *value : std::nullopt;
}

std::vector<std::pair<std::string, std::string>> ScanAll(const StateReader& state,
                                                         std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> entries;
  absl::Status status = state.Scan(prefix, [&](std::string_view key, std::string_view value) {
    entries.emplace_back(key, value);
    return true;
  });
  EXPECT_TRUE(status.ok()) << status;
  return entries;
}

std::string ChecksumOrDie(const ProjectionStore& store) {
  absl::StatusOr<std::string> checksum = store.Checksum();
  EXPECT_TRUE(checksum.ok()) << checksum.status();
  return checksum.ok() ? *checksum : "";
}

TEST(ProjectionStoreTest, CommitWritesStateAndPositionsTogether) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::unique_ptr<Batch> batch = store->BeginBatch();
  batch->Put("academy/1", "recognised");

  // Before the commit nothing of the batch is in the store.
  EXPECT_EQ(GetOrDie(*store, "academy/1"), std::nullopt);
  EXPECT_TRUE(store->StoredPositions()->empty());

  ASSERT_TRUE(store->Commit(std::move(batch), {{kP0, 42}}).ok());
  EXPECT_EQ(GetOrDie(*store, "academy/1"), "recognised");
  EXPECT_EQ(*store->StoredPositions(), (Positions{{kP0, 42}}));
}

TEST(ProjectionStoreTest, ADroppedBatchLeavesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  {
    std::unique_ptr<Batch> batch = store->BeginBatch();
    batch->Put("academy/1", "recognised");
  }
  EXPECT_EQ(GetOrDie(*store, "academy/1"), std::nullopt);
}

TEST(ProjectionStoreTest, PositionsNotNamedKeepTheirValue) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_TRUE(store->Commit(store->BeginBatch(), {{kP0, 5}, {kP1, 7}}).ok());
  ASSERT_TRUE(store->Commit(store->BeginBatch(), {{kP1, 9}}).ok());
  EXPECT_EQ(*store->StoredPositions(), (Positions{{kP0, 5}, {kP1, 9}}));
}

TEST(ProjectionStoreTest, APositionMovingBackRefusesTheWholeBatch) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_TRUE(store->Commit(store->BeginBatch(), {{kP0, 10}}).ok());
  std::unique_ptr<Batch> batch = store->BeginBatch();
  batch->Put("k", "v");
  EXPECT_EQ(store->Commit(std::move(batch), {{kP1, 1}, {kP0, 9}}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetOrDie(*store, "k"), std::nullopt);
  EXPECT_EQ(*store->StoredPositions(), (Positions{{kP0, 10}}));
}

TEST(ProjectionStoreTest, RefusesForeignBatchesAndBadPositions) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("a"));
  auto other = OpenOrDie(dir.Sub("b"));
  EXPECT_EQ(store->Commit(other->BeginBatch(), {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Commit(nullptr, {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Commit(store->BeginBatch(), {{kP0, -1}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Commit(store->BeginBatch(), {{{std::string("a\0b", 3), 0}, 1}}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ProjectionStoreTest, BatchReadsItsOwnWrites) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::unique_ptr<Batch> first = store->BeginBatch();
  first->Put("a/1", "committed");
  first->Put("a/2", "committed");
  first->Put("a/3", "committed");
  ASSERT_TRUE(store->Commit(std::move(first), {}).ok());

  std::unique_ptr<Batch> batch = store->BeginBatch();
  batch->Put("a/2", "first");
  batch->Put("a/2", "second");
  batch->Delete("a/3");
  batch->Put("a/4", "new");
  EXPECT_EQ(GetOrDie(*batch, "a/1"), "committed");
  EXPECT_EQ(GetOrDie(*batch, "a/2"), "second");
  EXPECT_EQ(GetOrDie(*batch, "a/3"), std::nullopt);
  EXPECT_EQ(GetOrDie(*batch, "a/4"), "new");
  EXPECT_THAT(ScanAll(*batch, "a/"),
              ElementsAre(Pair("a/1", "committed"), Pair("a/2", "second"), Pair("a/4", "new")));
  // The store itself still shows what was committed.
  EXPECT_THAT(ScanAll(*store, "a/"), ElementsAre(Pair("a/1", "committed"), Pair("a/2", "committed"),
                                                 Pair("a/3", "committed")));
}

// The runner sets a savepoint around every fact and rolls back a fact that cannot apply; the
// guard nests one inside. A rollback restores what the batch held at its savepoint.
TEST(ProjectionStoreTest, SavepointsUndoExactlyTheWritesSinceThem) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::unique_ptr<Batch> first = store->BeginBatch();
  first->Put("k/committed", "c");
  ASSERT_TRUE(store->Commit(std::move(first), {}).ok());

  std::unique_ptr<Batch> batch = store->BeginBatch();
  batch->Put("k/kept", "1");
  batch->SetSavePoint();
  batch->Put("k/kept", "2");
  batch->Delete("k/committed");
  batch->SetSavePoint();
  batch->Put("k/inner", "x");
  batch->Put("k/kept", "3");
  batch->RollbackToSavePoint();  // the inner one
  EXPECT_EQ(GetOrDie(*batch, "k/kept"), "2");
  EXPECT_EQ(GetOrDie(*batch, "k/inner"), std::nullopt);
  EXPECT_EQ(GetOrDie(*batch, "k/committed"), std::nullopt);
  batch->RollbackToSavePoint();  // the outer one
  EXPECT_THAT(ScanAll(*batch, "k/"), ElementsAre(Pair("k/committed", "c"), Pair("k/kept", "1")));

  batch->SetSavePoint();
  batch->Put("k/popped", "p");
  batch->Put("k/kept", "4");
  batch->PopSavePoint();  // kept for good
  batch->SetSavePoint();
  batch->Delete("k/popped");
  batch->RollbackToSavePoint();
  ASSERT_TRUE(store->Commit(std::move(batch), {}).ok());
  EXPECT_THAT(ScanAll(*store, "k/"),
              ElementsAre(Pair("k/committed", "c"), Pair("k/kept", "4"), Pair("k/popped", "p")));
}

// A batch's scan merges its own writes into the committed entries, in key order, and stops
// when asked, also on an entry of the batch.
TEST(ProjectionStoreTest, ABatchScanMergesItsWritesInKeyOrder) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::unique_ptr<Batch> first = store->BeginBatch();
  for (const char* key : {"s/1", "s/3", "s/5", "t/1"}) first->Put(key, "old");
  ASSERT_TRUE(store->Commit(std::move(first), {}).ok());
  std::unique_ptr<Batch> batch = store->BeginBatch();
  batch->Put("s/0", "new");
  batch->Put("s/3", "new");
  batch->Delete("s/5");
  batch->Put("s/6", "new");
  batch->Put("r/9", "new");
  EXPECT_THAT(ScanAll(*batch, "s/"), ElementsAre(Pair("s/0", "new"), Pair("s/1", "old"),
                                                 Pair("s/3", "new"), Pair("s/6", "new")));
  std::vector<std::string> visited;
  ASSERT_TRUE(batch
                  ->Scan("s/",
                         [&](std::string_view key, std::string_view) {
                           visited.emplace_back(key);
                           return key != "s/3";
                         })
                  .ok());
  EXPECT_THAT(visited, ElementsAre("s/0", "s/1", "s/3"));
}

TEST(ProjectionStoreTest, ScanVisitsThePrefixInKeyOrderAndStopsWhenAsked) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::unique_ptr<Batch> batch = store->BeginBatch();
  for (const char* key : {"b/2", "a", "b/1", "b/10", "b", "c/1", "b0"}) batch->Put(key, key);
  ASSERT_TRUE(store->Commit(std::move(batch), {{kP0, 1}}).ok());

  EXPECT_THAT(ScanAll(*store, "b/"),
              ElementsAre(Pair("b/1", "b/1"), Pair("b/10", "b/10"), Pair("b/2", "b/2")));
  EXPECT_THAT(ScanAll(*store, "zzz"), ElementsAre());
  // The empty prefix is all of the state, and only the state: positions live in another
  // namespace.
  EXPECT_EQ(ScanAll(*store, "").size(), 7u);

  std::vector<std::string> visited;
  ASSERT_TRUE(store
                  ->Scan("b",
                         [&](std::string_view key, std::string_view) {
                           visited.emplace_back(key);
                           return visited.size() < 2;
                         })
                  .ok());
  EXPECT_THAT(visited, ElementsAre("b", "b/1"));
}

TEST(ProjectionStoreTest, ReopenKeepsEverything) {
  TempDir dir;
  std::string checksum;
  {
    auto store = OpenOrDie(dir.path());
    std::unique_ptr<Batch> batch = store->BeginBatch();
    batch->Put("academy/1", "recognised");
    ASSERT_TRUE(store->Commit(std::move(batch), {{kP0, 2}, {kP1, 4}}).ok());
    checksum = ChecksumOrDie(*store);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(GetOrDie(*store, "academy/1"), "recognised");
  EXPECT_EQ(*store->StoredPositions(), (Positions{{kP0, 2}, {kP1, 4}}));
  EXPECT_EQ(ChecksumOrDie(*store), checksum);
}

// A throw-away store (a rebuild) writes no WAL; what it committed is still there after it
// was closed and opened again, as RocksDB flushes the memtable at close.
TEST(ProjectionStoreTest, AStoreWithoutWriteAheadLogKeepsItsCommitsAcrossReopen) {
  TempDir dir;
  StoreOptions no_wal;
  no_wal.sync = false;
  no_wal.write_ahead_log = false;
  {
    auto store = ProjectionStore::Open(dir.path(), no_wal);
    ASSERT_TRUE(store.ok()) << store.status();
    std::unique_ptr<Batch> batch = (*store)->BeginBatch();
    batch->Put("academy/1", "recognised");
    ASSERT_TRUE((*store)->Commit(std::move(batch), {{kP0, 7}}).ok());
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(GetOrDie(*store, "academy/1"), "recognised");
  EXPECT_EQ(*store->StoredPositions(), (Positions{{kP0, 7}}));
}

TEST(ProjectionStoreTest, OpenReportsErrorsAsStatus) {
  TempDir dir;
  StoreOptions must_exist;
  must_exist.create_if_missing = false;
  EXPECT_FALSE(ProjectionStore::Open(dir.Sub("missing"), must_exist).ok());

  { auto store = OpenOrDie(dir.Sub("existing")); }
  StoreOptions must_be_new;
  must_be_new.error_if_exists = true;
  EXPECT_FALSE(ProjectionStore::Open(dir.Sub("existing"), must_be_new).ok());

  // One process, one opener: the second sees RocksDB's lock.
  auto store = OpenOrDie(dir.Sub("locked"));
  EXPECT_FALSE(ProjectionStore::Open(dir.Sub("locked")).ok());
}

// The same final content, reached in one batch or in several with overwrites and deletes.
void WriteInOneBatch(ProjectionStore& store) {
  std::unique_ptr<Batch> batch = store.BeginBatch();
  batch->Put("academy/1", "recognised");
  batch->Put("academy/2", "submitted");
  ASSERT_TRUE(store.Commit(std::move(batch), {{kP0, 2}, {kP1, 1}}).ok());
}

void WriteInThreeBatches(ProjectionStore& store) {
  std::unique_ptr<Batch> first = store.BeginBatch();
  first->Put("academy/1", "submitted");
  first->Put("academy/3", "gone soon");
  ASSERT_TRUE(store.Commit(std::move(first), {{kP0, 1}}).ok());
  std::unique_ptr<Batch> second = store.BeginBatch();
  second->Put("academy/1", "recognised");
  second->Delete("academy/3");
  ASSERT_TRUE(store.Commit(std::move(second), {{kP1, 1}}).ok());
  std::unique_ptr<Batch> third = store.BeginBatch();
  third->Put("academy/2", "submitted");
  ASSERT_TRUE(store.Commit(std::move(third), {{kP0, 2}}).ok());
}

TEST(ProjectionStoreTest, ChecksumIsEqualForEqualContentWhateverTheBatching) {
  TempDir dir;
  auto one = OpenOrDie(dir.Sub("one"));
  auto three = OpenOrDie(dir.Sub("three"));
  WriteInOneBatch(*one);
  WriteInThreeBatches(*three);
  const std::string checksum = ChecksumOrDie(*one);
  EXPECT_EQ(checksum.size(), 64u);
  EXPECT_EQ(checksum.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(ChecksumOrDie(*three), checksum);
}

TEST(ProjectionStoreTest, ChecksumChangesWithAnyChange) {
  TempDir dir;
  std::map<std::string, std::string> seen;  // checksum -> the change that made it
  auto record = [&](const std::string& change, std::function<void(ProjectionStore&)> modify) {
    auto store = OpenOrDie(dir.Sub(std::to_string(seen.size())));
    WriteInOneBatch(*store);
    modify(*store);
    auto [it, inserted] = seen.emplace(ChecksumOrDie(*store), change);
    EXPECT_TRUE(inserted) << change << " gives the same checksum as " << it->second;
  };
  auto commit = [](ProjectionStore& store, std::function<void(Batch&)> write,
                   const Positions& positions = {}) {
    std::unique_ptr<Batch> batch = store.BeginBatch();
    write(*batch);
    ASSERT_TRUE(store.Commit(std::move(batch), positions).ok());
  };
  record("nothing", [](ProjectionStore&) {});
  record("a value",
         [&](ProjectionStore& s) { commit(s, [](Batch& b) { b.Put("academy/2", "x"); }); });
  record("a new key",
         [&](ProjectionStore& s) { commit(s, [](Batch& b) { b.Put("academy/9", ""); }); });
  record("a deleted key",
         [&](ProjectionStore& s) { commit(s, [](Batch& b) { b.Delete("academy/1"); }); });
  record("a position", [&](ProjectionStore& s) { commit(s, [](Batch&) {}, {{kP1, 2}}); });
  record("a new partition", [&](ProjectionStore& s) {
    commit(s, [](Batch&) {}, {{TopicPartition{"other", 0}, 0}});
  });
  // The length prefixes keep a key/value boundary from moving unnoticed.
  record("boundary 1", [&](ProjectionStore& s) { commit(s, [](Batch& b) { b.Put("ab", "c"); }); });
  record("boundary 2", [&](ProjectionStore& s) { commit(s, [](Batch& b) { b.Put("a", "bc"); }); });
  EXPECT_EQ(seen.size(), 8u);
}

}  // namespace
}  // namespace stem::projection

namespace stem::projection {
namespace {

TEST(StoreSnapshotTest, SeesTheStateAndPositionsOfItsInstantOnly) {
  stem::testing::TempDir dir;
  auto store = *ProjectionStore::Open(dir.Sub("store"));
  auto batch = store->BeginBatch();
  batch->Put("academy/1", "v1");
  ASSERT_TRUE(store->Commit(std::move(batch), {{{"t", 0}, 5}}).ok());

  auto snapshot = store->TakeSnapshot();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();

  batch = store->BeginBatch();
  batch->Put("academy/1", "v2");
  batch->Put("academy/2", "v1");
  ASSERT_TRUE(store->Commit(std::move(batch), {{{"t", 0}, 9}}).ok());

  EXPECT_EQ((*snapshot)->positions().at({"t", 0}), 5);
  EXPECT_EQ(*(*snapshot)->Get("academy/1"), std::optional<std::string>("v1"));
  int seen = 0;
  ASSERT_TRUE((*snapshot)
                  ->Scan("academy/",
                         [&](std::string_view, std::string_view) {
                           ++seen;
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(*(*store->Get("academy/1")), "v2");
}

}  // namespace
}  // namespace stem::projection
