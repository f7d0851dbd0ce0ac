// The receiving end of a checkpoint bootstrap against a peer that sends what it likes: a
// real checkpoint of a real store is accepted, and each way of sending something else is
// refused with its reason, before the store could be opened.
#include "libs/service/internal/checkpoint_receiver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

#include "libs/common/error.h"
#include "libs/common/sha256.h"
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
    auto snapshot = (*store)->WriteCheckpoint(dir_.Sub("checkpoint"));
    ASSERT_TRUE(snapshot.ok()) << snapshot.status();
    auto digest = (*snapshot)->TakeDigest();
    ASSERT_TRUE(digest.ok()) << digest.status();
    digest_ = *digest;
    auto files = DescribeCheckpointFiles(dir_.Sub("checkpoint"));
    ASSERT_TRUE(files.ok()) << files.status();
    ops::v1::StoreCheckpointManifest& manifest = *manifest_.mutable_manifest();
    manifest.set_store_version(kVersion);
    for (const ops::v1::CheckpointFile& file : *files) *manifest.add_files() = file;
    ops::v1::StoreCheckpointSeal& seal = *seal_.mutable_seal();
    seal.set_checksum(digest->checksum);
    *seal.mutable_positions() = events::ToLogPositions(digest->positions);
    for (const ops::v1::CheckpointFile& file : *files) {
      auto hash = Sha256::Create();
      ASSERT_TRUE(hash.ok() && hash->Update(Contents(file.name())).ok());
      auto hex = hash->FinishHex();
      ASSERT_TRUE(hex.ok());
      seal.add_file_sha256(*hex);
    }
  }

  std::string Contents(const std::string& name) const {
    std::ifstream in(dir_.Sub("checkpoint") + "/" + name, std::ios::binary);
    std::stringstream contents;
    contents << in.rdbuf();
    return contents.str();
  }

  Messages Chunks(size_t chunk_bytes = 4096) const {
    Messages chunks;
    const auto& files = manifest_.manifest().files();
    for (int index = 0; index < files.size(); ++index) {
      const std::string bytes = Contents(files[index].name());
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

  // The manifest and the seal changed by `change`, with the true chunks between them.
  Messages With(const std::function<void(ops::v1::StoreCheckpointManifest&,
                                         ops::v1::StoreCheckpointSeal&)>& change,
                size_t chunk_bytes = 4096) const {
    Messages messages{manifest_};
    Messages chunks = Chunks(chunk_bytes);
    messages.insert(messages.end(), chunks.begin(), chunks.end());
    messages.push_back(seal_);
    change(*messages.front().mutable_manifest(), *messages.back().mutable_seal());
    return messages;
  }

  Messages Whole(size_t chunk_bytes = 4096) const {
    return With([](auto&, auto&) {}, chunk_bytes);
  }

  stem::testing::TempDir dir_;
  ops::v1::StreamStoreCheckpointResponse manifest_;
  ops::v1::StreamStoreCheckpointResponse seal_;
  projection::ProjectionStore::Digest digest_;
  int received_ = 0;
};

TEST_F(CheckpointReceiverTest, AWholeCheckpointOpensAsTheSameStore) {
  for (size_t chunk_bytes : {size_t{1000}, kCheckpointChunkBytes}) {
    auto digest = Receive(Whole(chunk_bytes));
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
  ExpectRefused(Receive(With([](auto& m, auto&) { m.set_store_version("6/store-layout-2"); })),
                absl::StatusCode::kFailedPrecondition, "CHECKPOINT_VERSION_MISMATCH");
}

TEST_F(CheckpointReceiverTest, AManifestThatCouldHarmTheReceiverIsRefused) {
  using Manifest = ops::v1::StoreCheckpointManifest;
  using Seal = ops::v1::StoreCheckpointSeal;
  const std::vector<std::function<void(Manifest&, Seal&)>> changes = {
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_name("../CURRENT"); },
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_name("/etc/passwd"); },
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_name(".hidden"); },
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_name(""); },
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_name(std::string("a\0b", 3)); },
      [](Manifest& m, Seal&) { m.mutable_files(1)->set_name(m.files(0).name()); },
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_size(-1); },
      [](Manifest& m, Seal&) { m.mutable_files(0)->set_size(kMaxBytes + 1); },
      [](Manifest& m, Seal&) {
        m.mutable_files(0)->set_size(INT64_MAX);
        m.mutable_files(1)->set_size(INT64_MAX);
      },
      [](Manifest& m, Seal&) { m.clear_files(); },
      [](Manifest&, Seal& s) { s.set_file_sha256(0, "not hex"); },
      [](Manifest&, Seal& s) { s.mutable_file_sha256()->RemoveLast(); },
      [](Manifest&, Seal& s) { s.set_checksum("ABCDEF"); },
      [](Manifest&, Seal& s) { s.mutable_positions(0)->set_offset(-5); },
      [](Manifest&, Seal& s) { *s.add_positions() = s.positions(0); },
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectRefused(Receive(With(changes[i])), absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
  }
}

TEST_F(CheckpointReceiverTest, ChunksOutOfLineAreRefused) {
  const Messages chunks = Chunks();
  ASSERT_GE(chunks.size(), 3u);
  // Each: the manifest, `chunks` as changed, the seal.
  auto stream = [&](const std::function<void(Messages&)>& change) {
    Messages messages = chunks;
    change(messages);
    messages.insert(messages.begin(), manifest_);
    messages.push_back(seal_);
    return messages;
  };
  std::vector<Messages> streams;
  Messages no_manifest = Whole();
  no_manifest.erase(no_manifest.begin());
  streams.push_back(no_manifest);
  Messages no_seal = Whole();
  no_seal.pop_back();
  streams.push_back(no_seal);
  streams.push_back({manifest_, manifest_});
  streams.push_back({manifest_, seal_, seal_});
  streams.push_back(stream([&](Messages& m) {
    m.push_back(seal_);
    m.push_back(chunks.back());
  }));
  streams.push_back({manifest_, ops::v1::StreamStoreCheckpointResponse()});
  streams.push_back(stream([](Messages& m) { std::reverse(m.begin(), m.end()); }));
  streams.push_back(stream([](Messages& m) { m.erase(m.begin() + 1); }));
  streams.push_back(stream([](Messages& m) { m.pop_back(); }));
  streams.push_back(
      stream([](Messages& m) { m.back().mutable_chunk()->mutable_data()->append("x"); }));
  streams.push_back(stream([this](Messages& m) {
    m.back().mutable_chunk()->set_file_index(manifest_.manifest().files_size());
  }));
  streams.push_back(stream([](Messages& m) {
    m.insert(m.begin() + 1, m.front());
    m[1].mutable_chunk()->clear_data();
  }));
  for (size_t i = 0; i < streams.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectRefused(Receive(streams[i]), absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
  }
}

TEST_F(CheckpointReceiverTest, AlteredBytesOrAForeignStoreAreRefused) {
  Messages flipped = Whole();
  std::string& data = *flipped[flipped.size() - 2].mutable_chunk()->mutable_data();
  data[data.size() / 2] ^= 1;
  ExpectRefused(Receive(flipped), absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");

  // Files that hold what they say, but not the store the manifest describes.
  ExpectRefused(Receive(With([](auto&, auto& s) { s.set_checksum(std::string(64, 'a')); })),
                absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
  ExpectRefused(Receive(With([](auto&, auto& s) { s.mutable_positions(0)->set_offset(121); })),
                absl::StatusCode::kDataLoss, "CHECKPOINT_INVALID");
}

}  // namespace
}  // namespace stem::service::internal
