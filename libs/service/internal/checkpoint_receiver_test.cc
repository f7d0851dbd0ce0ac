// The receiving end of a checkpoint bootstrap against a peer that sends what it likes: a
// real checkpoint of a real store is accepted, and each way of sending something else is
// refused with its reason, before the store could be opened.
#include "libs/service/internal/checkpoint_receiver.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/events/log_positions.h"
#include "libs/service/store_checkpoint_files.h"

namespace stem::service::internal {
namespace {

constexpr char kVersion[] = "7/store-layout-2";
constexpr int64_t kMaxBytes = int64_t{1} << 30;

using Messages = std::vector<ops::v1::StreamStoreCheckpointResponse>;

// What a peer sends for a store of 200 keys at two partitions' positions, in chunks of
// `chunk_bytes`.
class CheckpointReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = projection::ProjectionStore::Open(dir_.Sub("store"));
    ASSERT_TRUE(store.ok()) << store.status();
    auto batch = (*store)->BeginBatch();
    for (int i = 0; i < 200; ++i) {
      batch->Put("key/" + std::to_string(i), std::string(100 + i, static_cast<char>('a' + i % 26)));
    }
    ASSERT_TRUE((*store)->Commit(std::move(batch), {{{"topic", 0}, 120}, {{"topic", 1}, 80}}).ok());
    auto digest = (*store)->WriteCheckpoint(dir_.Sub("checkpoint"));
    ASSERT_TRUE(digest.ok()) << digest.status();
    digest_ = *digest;
    auto files = DescribeCheckpointFiles(dir_.Sub("checkpoint"));
    ASSERT_TRUE(files.ok()) << files.status();
    ops::v1::StoreCheckpointManifest& manifest = *manifest_.mutable_manifest();
    manifest.set_store_version(kVersion);
    manifest.set_checksum(digest->checksum);
    *manifest.mutable_positions() = events::ToLogPositions(digest->positions);
    for (const ops::v1::CheckpointFile& file : *files) *manifest.add_files() = file;
  }

  Messages Chunks(size_t chunk_bytes = 4096) const {
    Messages chunks;
    const auto& files = manifest_.manifest().files();
    for (int index = 0; index < files.size(); ++index) {
      std::ifstream in(dir_.Sub("checkpoint") + "/" + files[index].name(), std::ios::binary);
      std::stringstream contents;
      contents << in.rdbuf();
      const std::string bytes = contents.str();
      for (size_t offset = 0; offset < bytes.size(); offset += chunk_bytes) {
        ops::v1::StreamStoreCheckpointResponse message;
        message.mutable_chunk()->set_file_index(index);
        message.mutable_chunk()->set_offset(static_cast<int64_t>(offset));
        message.mutable_chunk()->set_data(bytes.substr(offset, chunk_bytes));
        chunks.push_back(std::move(message));
      }
    }
    return chunks;
  }

  // Feeds `messages` into a receiver writing to a fresh directory; the first refusal, or
  // Finish's result.
  absl::StatusOr<projection::ProjectionStore::Digest> Receive(const Messages& messages) {
    const std::string target = dir_.Sub("received" + std::to_string(++received_));
    std::filesystem::create_directories(target);
    CheckpointReceiver receiver(target, kVersion, kMaxBytes);
    for (const auto& message : messages) {
      if (absl::Status accepted = receiver.Accept(message); !accepted.ok()) return accepted;
    }
    return receiver.Finish();
  }

  // The manifest changed by `change`, followed by the true chunks.
  Messages WithManifest(const std::function<void(ops::v1::StoreCheckpointManifest&)>& change) {
    Messages messages{manifest_};
    change(*messages.front().mutable_manifest());
    Messages chunks = Chunks();
    messages.insert(messages.end(), chunks.begin(), chunks.end());
    return messages;
  }

  Messages Whole() {
    return WithManifest([](ops::v1::StoreCheckpointManifest&) {});
  }

  stem::testing::TempDir dir_;
  ops::v1::StreamStoreCheckpointResponse manifest_;
  projection::ProjectionStore::Digest digest_;
  int received_ = 0;
};

TEST_F(CheckpointReceiverTest, AWholeCheckpointOpensAsTheSameStore) {
  for (size_t chunk_bytes : {size_t{1000}, kCheckpointChunkBytes}) {
    Messages messages{manifest_};
    Messages chunks = Chunks(chunk_bytes);
    messages.insert(messages.end(), chunks.begin(), chunks.end());
    auto digest = Receive(messages);
    ASSERT_TRUE(digest.ok()) << digest.status();
    EXPECT_EQ(digest->checksum, digest_.checksum);
    EXPECT_EQ(digest->positions, digest_.positions);
  }
}

void ExpectRefused(const absl::StatusOr<projection::ProjectionStore::Digest>& received,
                   absl::StatusCode code, const std::string& reason) {
  ASSERT_FALSE(received.ok());
  EXPECT_EQ(received.status().code(), code) << received.status();
  EXPECT_EQ(ReasonOf(received.status()), reason) << received.status();
}

TEST_F(CheckpointReceiverTest, AStoreOfAnotherVersionIsRefused) {
  ExpectRefused(Receive(WithManifest([](auto& m) { m.set_store_version("6/store-layout-2"); })),
                absl::StatusCode::kFailedPrecondition, "CHECKPOINT_VERSION_MISMATCH");
}

TEST_F(CheckpointReceiverTest, AManifestThatCouldHarmTheReceiverIsRefused) {
  const std::vector<std::function<void(ops::v1::StoreCheckpointManifest&)>> changes = {
      [](auto& m) { m.mutable_files(0)->set_name("../CURRENT"); },
      [](auto& m) { m.mutable_files(0)->set_name("/etc/passwd"); },
      [](auto& m) { m.mutable_files(0)->set_name(".hidden"); },
      [](auto& m) { m.mutable_files(0)->set_name(""); },
      [](auto& m) { m.mutable_files(0)->set_name(std::string("a\0b", 3)); },
      [](auto& m) { m.mutable_files(1)->set_name(m.files(0).name()); },
      [](auto& m) { m.mutable_files(0)->set_size(-1); },
      [](auto& m) { m.mutable_files(0)->set_size(kMaxBytes + 1); },
      [](auto& m) {
        m.mutable_files(0)->set_size(INT64_MAX);
        m.mutable_files(1)->set_size(INT64_MAX);
      },
      [](auto& m) { m.mutable_files(0)->set_sha256("not hex"); },
      [](auto& m) { m.set_checksum("ABCDEF"); },
      [](auto& m) { m.clear_files(); },
      [](auto& m) { m.mutable_positions(0)->set_offset(-5); },
      [](auto& m) { *m.add_positions() = m.positions(0); },
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectRefused(Receive(WithManifest(changes[i])), absl::StatusCode::kDataLoss,
                  "CHECKPOINT_INVALID");
  }
}

TEST_F(CheckpointReceiverTest, ChunksOutOfLineAreRefused) {
  const Messages chunks = Chunks();
  ASSERT_GE(chunks.size(), 3u);
  std::vector<Messages> streams;
  streams.push_back(chunks);  // no manifest
  streams.push_back({manifest_, manifest_});
  streams.push_back({manifest_, ops::v1::StreamStoreCheckpointResponse()});
  Messages reordered{manifest_};
  reordered.insert(reordered.end(), chunks.rbegin(), chunks.rend());
  streams.push_back(reordered);
  Messages gap{manifest_};
  gap.insert(gap.end(), chunks.begin(), chunks.end());
  gap.erase(gap.begin() + 2);
  streams.push_back(gap);
  Messages truncated{manifest_};
  truncated.insert(truncated.end(), chunks.begin(), chunks.end() - 1);
  streams.push_back(truncated);
  Messages overlong{manifest_};
  overlong.insert(overlong.end(), chunks.begin(), chunks.end());
  overlong.back().mutable_chunk()->mutable_data()->append("x");
  streams.push_back(overlong);
  Messages beyond{manifest_};
  beyond.insert(beyond.end(), chunks.begin(), chunks.end());
  beyond.back().mutable_chunk()->set_file_index(manifest_.manifest().files_size());
  streams.push_back(beyond);
  Messages empty_chunk{manifest_};
  empty_chunk.insert(empty_chunk.end(), chunks.begin(), chunks.end());
  empty_chunk.insert(empty_chunk.begin() + 2, chunks.front());
  empty_chunk[2].mutable_chunk()->clear_data();
  streams.push_back(empty_chunk);
  for (size_t i = 0; i < streams.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectRefused(Receive(streams[i]), absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
  }
}

TEST_F(CheckpointReceiverTest, AlteredBytesOrAForeignStoreAreRefused) {
  Messages flipped = Whole();
  std::string& data = *flipped.back().mutable_chunk()->mutable_data();
  data[data.size() / 2] ^= 1;
  ExpectRefused(Receive(flipped), absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");

  // Files that hold what they say, but not the store the manifest describes.
  ExpectRefused(Receive(WithManifest([](auto& m) { m.set_checksum(std::string(64, 'a')); })),
                absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
  ExpectRefused(Receive(WithManifest([](auto& m) { m.mutable_positions(0)->set_offset(121); })),
                absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
}

}  // namespace
}  // namespace stem::service::internal
