// Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/): valid inputs
// that the fuzzer mutates from, so that it starts deep in each target instead of at "does
// not parse". Run by hand when a request or fact changes shape, and commit what it writes:
//
//   build/<tree>/tests/fuzz/fuzz_seeds tests/fuzz/corpus
//
// command_fuzz: every request of story.h's world and command story, each accepted when it
// was told here. projection_fuzz: one fact of every type those requests wrote, as the
// target's kFact mode takes it, and a few as raw records. frame_fuzz: small partition files
// - intact, with a torn tail, damaged in the middle, unsealed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "libs/eventlog/internal/embedded_frame.h"
#include "tests/fuzz/in_process_suite.h"
#include "tests/fuzz/story.h"

namespace stem::fuzz {
namespace {

namespace fs = std::filesystem;

constexpr absl::Duration kPatience = absl::Seconds(30);
// projection_fuzz.cc's mode byte for a fact it makes acceptable to the guard, and one for
// a record it appends as it is.
constexpr char kFactMode = 'F';
constexpr char kRawMode = 'R';

int Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_seeds: %s\n", what.c_str());
  return 1;
}

// An empty directory for one target's seeds.
absl::Status ClearedDirectory(const fs::path& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return absl::InternalError("cannot create " + directory.string());
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
    if (entry.is_regular_file()) fs::remove(entry.path(), error);
  }
  if (error) return absl::InternalError("cannot empty " + directory.string());
  return absl::OkStatus();
}

absl::Status WriteSeed(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return absl::InternalError("cannot write " + path.string());
  return absl::OkStatus();
}

// Reads every partition from its start.
class FromTheStart final : public eventlog::AssignmentListener {
 public:
  absl::StatusOr<eventlog::Positions> OnAssigned(
      const std::vector<eventlog::TopicPartition>&) override {
    return eventlog::Positions();
  }
  void OnRevoked(const std::vector<eventlog::TopicPartition>&) override {}
};

absl::StatusOr<std::vector<eventlog::Record>> EveryRecord(InProcessSuite& suite) {
  auto written = suite.RecordsWritten();
  if (!written.ok()) return written.status();
  FromTheStart listener;
  const service::Topics& topics = suite.topics();
  auto subscription = suite.log().Subscribe(
      {{topics.recognition, topics.activity, topics.partnership, topics.subsidy},
       "",
       "",
       &listener});
  if (!subscription.ok()) return subscription.status();
  std::vector<eventlog::Record> records;
  const absl::Time deadline = absl::Now() + kPatience;
  while (static_cast<int64_t>(records.size()) < *written && absl::Now() < deadline) {
    auto polled = (*subscription)->Poll(absl::Milliseconds(100), 1000);
    if (!polled.ok()) return polled.status();
    records.insert(records.end(), polled->begin(), polled->end());
  }
  return records;
}

// projection_fuzz's first byte for a record of `topic`: the projection of the context that
// owns the topic, in projection_fuzz.cc's order (recognition, activity, partnership,
// subsidy), and the topic's place among those it reads.
std::optional<char> ProjectionByte(const service::Topics& topics, const std::string& topic) {
  const recognition::AcademyProjector academy(topics.recognition);
  const activity::ActivityProjector activity(topics);
  const partnership::PartnershipProjector partnership(topics);
  subsidy::SubsidyProjectors subsidy(topics);
  const std::vector<std::pair<const std::string*, std::vector<std::string>>> owners = {
      {&topics.recognition, academy.Topics()},
      {&topics.activity, activity.Topics()},
      {&topics.partnership, partnership.Topics()},
      {&topics.subsidy, subsidy.projector().Topics()},
  };
  for (size_t projection = 0; projection < owners.size(); ++projection) {
    if (*owners[projection].first != topic) continue;
    const std::vector<std::string>& read = owners[projection].second;
    for (size_t place = 0; place < read.size(); ++place) {
      if (read[place] == topic) return static_cast<char>(projection + owners.size() * place);
    }
  }
  return std::nullopt;
}

absl::Status WriteCommandSeeds(InProcessSuite& suite, const fs::path& directory) {
  if (absl::Status cleared = ClearedDirectory(directory); !cleared.ok()) return cleared;
  auto story = CommandStory();
  if (!story.ok()) return story.status();
  int written = 0;
  const std::vector<std::pair<std::string, std::vector<StoryStep>>> chapters = {
      {"world", WorldStory()}, {"story", *std::move(story)}};
  for (const auto& [chapter, steps] : chapters) {
    for (const StoryStep& step : steps) {
      if (absl::Status accepted = Play(suite, {step}); !accepted.ok()) return accepted;
      std::optional<uint8_t> number = CommandNumber(step.command);
      if (!number) return absl::InvalidArgumentError("no command RPC " + step.command);
      std::string seed;
      seed.push_back(static_cast<char>(*number));
      seed.push_back(static_cast<char>(step.caller));
      seed += step.request;
      char name[96];
      std::snprintf(name, sizeof name, "%s-%02d-%s", chapter.c_str(), ++written,
                    step.command.c_str());
      if (absl::Status seeded = WriteSeed(directory / name, seed); !seeded.ok()) return seeded;
    }
  }
  std::printf("command_fuzz: %d seeds\n", written);
  return absl::OkStatus();
}

absl::Status WriteProjectionSeeds(InProcessSuite& suite, const fs::path& directory) {
  if (absl::Status cleared = ClearedDirectory(directory); !cleared.ok()) return cleared;
  auto records = EveryRecord(suite);
  if (!records.ok()) return records.status();
  std::set<std::string> types;
  int written = 0;
  for (const eventlog::Record& record : *records) {
    events::v1::EventEnvelope event;
    if (!event.ParseFromString(record.value)) return absl::DataLossError("not an envelope");
    // One fact of each type: the fuzzer finds the rest by mutation.
    if (!types.insert(event.event_type()).second) continue;
    std::optional<char> projection = ProjectionByte(suite.topics(), record.topic_partition.topic);
    if (!projection)
      return absl::InternalError("no projection reads " + record.topic_partition.topic);
    // The first facts also as raw records: what the log holds, duplicates and all.
    const char mode = written < 3 ? kRawMode : kFactMode;
    const std::string seed = std::string{*projection, mode} + record.value;
    std::string type = event.event_type().substr(event.event_type().rfind('.') + 1);
    char name[96];
    std::snprintf(name, sizeof name, "%02d-%s", ++written, type.c_str());
    if (absl::Status seeded = WriteSeed(directory / name, seed); !seeded.ok()) return seeded;
  }
  std::printf("projection_fuzz: %d seeds\n", written);
  return absl::OkStatus();
}

// One frame of `values` starting at `first_offset`.
std::string FrameOf(uint64_t commit_seq, int64_t first_offset,
                    const std::vector<std::string>& values) {
  std::vector<eventlog::internal::FrameRecord> records;
  for (size_t i = 0; i < values.size(); ++i) {
    records.push_back(
        {first_offset + static_cast<int64_t>(i), 1551430800000000, "0123456749", values[i]});
  }
  std::string frame;
  eventlog::internal::EncodeFrame(commit_seq, 1, records, &frame);
  return frame;
}

absl::Status WriteFrameSeeds(const fs::path& directory) {
  if (absl::Status cleared = ClearedDirectory(directory); !cleared.ok()) return cleared;
  const std::string first = FrameOf(1, 0, {"ApplicationSubmitted"});
  const std::string second = FrameOf(2, 1, {"RecognitionGranted", "ActivityRegistered"});
  const std::string third = FrameOf(4, 3, {"AttendanceReported"});
  std::string damaged = second;
  damaged[20] ^= 0x5A;
  std::string unsealed = second;
  for (size_t i = 8; i < 12; ++i) unsealed[i] = 0;
  // Byte 0 of a seed holds the target's flags: 1 seals (rewrites every frame's checksum).
  const std::map<std::string, std::string> seeds = {
      {"one-frame", std::string(1, '\0') + first},
      {"three-frames", std::string(1, '\0') + first + second + third},
      {"torn-tail", std::string(1, '\0') + first + second + third.substr(0, third.size() / 2)},
      {"damaged-middle", std::string(1, '\0') + first + damaged + third},
      {"sealed", std::string(1, '\1') + first + unsealed + third},
      {"out-of-sequence", std::string(1, '\0') + second + first},
  };
  for (const auto& [name, seed] : seeds) {
    if (absl::Status seeded = WriteSeed(directory / name, seed); !seeded.ok()) return seeded;
  }
  std::printf("frame_fuzz: %zu seeds\n", seeds.size());
  return absl::OkStatus();
}

}  // namespace
}  // namespace stem::fuzz

int main(int argc, char** argv) {
  using namespace stem::fuzz;  // NOLINT(build/namespaces): main only wires
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds <corpus directory, e.g. tests/fuzz/corpus>\n");
    return 2;
  }
  const fs::path corpus(argv[1]);
  auto suite = InProcessSuite::Start();
  if (!suite.ok()) return Fail("the suite starts: " + suite.status().ToString());
  if (absl::Status seeded = WriteCommandSeeds(**suite, corpus / "command_fuzz"); !seeded.ok()) {
    return Fail(seeded.ToString());
  }
  if (absl::Status seeded = WriteProjectionSeeds(**suite, corpus / "projection_fuzz");
      !seeded.ok()) {
    return Fail(seeded.ToString());
  }
  if (absl::Status seeded = WriteFrameSeeds(corpus / "frame_fuzz"); !seeded.ok()) {
    return Fail(seeded.ToString());
  }
  return 0;
}
