// Facts per second through the bulk import API on Kafka, against a bare idempotent
// librdkafka producer writing the very same records in the same run (BENCHMARKS.md).
//
//   bulk_import_bench --server=HOST:PORT --token=TOKEN --topic=ACTIVITY_TOPIC
//       [--items=20000] [--partitions=6] [--import_only=1]
//
// The server is a stem-activity on the broker at STEM_KAFKA_BOOTSTRAP whose activity topic
// is ACTIVITY_TOPIC and holds nothing else; TOKEN is an officer's. The benchmark imports
// `items` RegisterActivity commands (each a new activity with one session: one fact) on one
// ImportCommands stream, checks that every one was accepted, reads the facts back from the
// topic and produces them again, raw, to a fresh topic with as many partitions. It prints
// "RATE bulk_import <facts/s>" and "RATE raw_produce <records/s>". --import_only=1 stops
// after the import: a history for the bootstrap benchmark (bench/commands.sh).
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/raw_consume.h"
#include "bench/raw_produce.h"
#include "bench/stopwatch.h"
#include "libs/eventlog/kafka_event_log.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"

namespace stem::bench {
namespace {

using activity::v1::ImportCommandsRequest;
using activity::v1::ImportCommandsResponse;

struct Flags {
  std::string server;
  std::string token;
  std::string topic;
  int64_t items = 20000;
  int64_t partitions = 6;
  int64_t import_only = 0;
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  const std::map<std::string, std::string*> texts = {
      {"--server", &flags.server}, {"--token", &flags.token}, {"--topic", &flags.topic}};
  const std::map<std::string, int64_t*> numbers = {{"--items", &flags.items},
                                                   {"--partitions", &flags.partitions},
                                                   {"--import_only", &flags.import_only}};
  for (int i = 1; i < argc; ++i) {
    const std::vector<std::string> parts = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    if (parts.size() != 2)
      return absl::InvalidArgumentError(absl::StrCat("bad argument: ", argv[i]));
    if (auto text = texts.find(parts[0]); text != texts.end()) {
      *text->second = parts[1];
    } else if (auto number = numbers.find(parts[0]); number == numbers.end() ||
                                                     !absl::SimpleAtoi(parts[1], number->second) ||
                                                     *number->second <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("bad argument: ", argv[i]));
    }
  }
  if (flags.server.empty() || flags.token.empty() || flags.topic.empty()) {
    return absl::InvalidArgumentError("--server, --token and --topic are required");
  }
  return flags;
}

ImportCommandsRequest Registration(int64_t n) {
  ImportCommandsRequest item;
  auto* request = item.mutable_register_activity();
  request->set_request_id(absl::StrCat("bulk-bench-", n));
  request->set_academy_kbo("0123456749");
  request->set_title(absl::StrCat("Robotica ", n));
  request->add_domains(common::v1::STEM_DOMAIN_TECHNOLOGY);
  request->set_municipality_nis_code("11002");
  request->mutable_ages()->set_min_age(8);
  request->mutable_ages()->set_max_age(14);
  auto* session = request->add_sessions();
  session->set_date("2019-03-13");  // a Wednesday afternoon
  session->set_start_time("14:00");
  session->set_end_time("16:00");
  return item;
}

// The wall time of the whole import; an error when any item was refused.
absl::StatusOr<absl::Duration> Import(const Flags& flags) {
  auto stub = activity::v1::ActivityService::NewStub(
      grpc::CreateChannel(flags.server, grpc::InsecureChannelCredentials()));
  std::vector<ImportCommandsRequest> items;
  for (int64_t n = 0; n < flags.items; ++n) items.push_back(Registration(n));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + flags.token);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(30));
  const absl::Time start = absl::Now();
  auto stream = stub->ImportCommands(&context);
  std::thread writer([&] {
    for (const ImportCommandsRequest& item : items) {
      if (!stream->Write(item)) break;
    }
    stream->WritesDone();
  });
  int64_t accepted = 0;
  std::string first_refusal;
  ImportCommandsResponse answer;
  while (stream->Read(&answer)) {
    if (answer.status().code() == 0) {
      ++accepted;
    } else if (first_refusal.empty()) {
      first_refusal = absl::StrCat("item ", answer.index(), ": ", answer.status().message());
    }
  }
  const absl::Duration elapsed = absl::Now() - start;
  writer.join();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) return absl::InternalError("import: " + status.error_message());
  if (accepted != flags.items) {
    return absl::InternalError(
        absl::StrCat(accepted, " of ", flags.items, " accepted; ", first_refusal));
  }
  return elapsed;
}

int Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "bulk_import_bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  return 1;
}

int Run(const Flags& flags) {
  const char* bootstrap = std::getenv("STEM_KAFKA_BOOTSTRAP");
  if (bootstrap == nullptr || *bootstrap == '\0') {
    std::fprintf(stderr, "STEM_KAFKA_BOOTSTRAP is not set: run `make bench`\n");
    return 2;
  }
  absl::StatusOr<absl::Duration> imported = Import(flags);
  if (!imported.ok()) return Fail("importing", imported.status());
  const double import_rate = static_cast<double>(flags.items) / absl::ToDoubleSeconds(*imported);
  std::printf("bulk import: %ld facts in %.2f s, %.0f facts/s\n", static_cast<long>(flags.items),
              absl::ToDoubleSeconds(*imported), import_rate);
  if (flags.import_only != 0) return 0;

  std::vector<KeptRecord> records;
  absl::StatusOr<ConsumeResult> read =
      ConsumeAndDiscard(bootstrap, flags.topic, static_cast<int32_t>(flags.partitions), flags.items,
                        absl::Minutes(5), /*parse=*/false, &records);
  if (!read.ok()) return Fail("reading the imported facts", read.status());
  if (static_cast<int64_t>(records.size()) != flags.items) {
    return Fail("reading the imported facts",
                absl::DataLossError(absl::StrCat(records.size(), " records in ", flags.topic)));
  }

  eventlog::KafkaOptions kafka;
  kafka.bootstrap_servers = bootstrap;
  kafka.client_id = "stem-bench";
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = eventlog::OpenKafkaEventLog(kafka);
  if (!log.ok()) return Fail("opening the log", log.status());
  eventlog::TopicSpec spec;
  spec.name = flags.topic + ".raw-produce";
  spec.partitions = static_cast<int32_t>(flags.partitions);
  if (absl::Status created = (*log)->EnsureTopics({spec}); !created.ok()) {
    return Fail("creating " + spec.name, created);
  }
  absl::StatusOr<Timing> produced = ProduceIdempotent(bootstrap, spec.name, records);
  if (!produced.ok()) return Fail("producing", produced.status());
  const double produce_rate =
      static_cast<double>(records.size()) / absl::ToDoubleSeconds(produced->wall);
  std::printf("raw idempotent produce: %zu records in %.2f s, %.0f records/s\n", records.size(),
              absl::ToDoubleSeconds(produced->wall), produce_rate);
  std::printf("RATE bulk_import %.1f\nRATE raw_produce %.1f\n", import_rate, produce_rate);
  return 0;
}

}  // namespace
}  // namespace stem::bench

int main(int argc, char** argv) {
  absl::StatusOr<stem::bench::Flags> flags = stem::bench::ParseFlags(argc, argv);
  if (!flags.ok()) {
    std::fprintf(stderr, "%s\n", flags.status().ToString().c_str());
    return 2;
  }
  return stem::bench::Run(*flags);
}
