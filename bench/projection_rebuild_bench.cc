// How fast a projection is rebuilt from Kafka into a fresh RocksDB store, against the rate
// at which a bare librdkafka consumer reads the same topic, and at which a Kafka Streams
// application tallies it, in the same run (BENCHMARKS.md).
//
//   projection_rebuild_bench [--events=200000] [--aggregates=1000] [--partitions=6]
//       [--repeats=3] [--max_batch=500] [--peer=bench/peer/run.sh]
//       [--rows=baseline,consume_parse,sync,nosync,nosync_big,kafka_streams]
//
// Rows kafka_streams and kafka_streams_nocache (not a default: the peer's store without
// Kafka Streams' record cache) run the peer (bench/peer_measure.h), which --peer names.
// The broker's address comes from STEM_KAFKA_BOOTSTRAP (`make bench` starts one). Every run
// fills a topic of its own, then measures the rows in rounds (one of each per round, so that
// a disturbance of the machine hits all rows alike) and prints the median of each.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/bench_events.h"
#include "bench/peer_measure.h"
#include "bench/raw_consume.h"
#include "bench/rebuild_measure.h"
#include "bench/stopwatch.h"
#include "libs/eventlog/kafka_event_log.h"

namespace stem::bench {
namespace {

struct Flags {
  int64_t events = 200000;
  int64_t aggregates = 1000;
  int64_t partitions = 6;
  int64_t repeats = 3;
  int64_t max_batch = 500;
  // bench/peer/run.sh, for the kafka_streams rows.
  std::string peer;
  std::vector<std::string> rows = {"baseline", "consume_parse", "sync",
                                   "nosync",   "nosync_big",    "kafka_streams"};
};

absl::StatusOr<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  const std::map<std::string, int64_t*> numbers = {
      {"--events", &flags.events},         {"--aggregates", &flags.aggregates},
      {"--partitions", &flags.partitions}, {"--repeats", &flags.repeats},
      {"--max_batch", &flags.max_batch},
  };
  for (int i = 1; i < argc; ++i) {
    const std::vector<std::string> parts = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    if (parts.size() == 2 && parts[0] == "--rows") {
      flags.rows = std::vector<std::string>(absl::StrSplit(parts[1], ','));
      continue;
    }
    if (parts.size() == 2 && parts[0] == "--peer") {
      flags.peer = parts[1];
      continue;
    }
    auto number = parts.size() == 2 ? numbers.find(parts[0]) : numbers.end();
    if (number == numbers.end() || !absl::SimpleAtoi(parts[1], number->second) ||
        *number->second <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("bad argument: ", argv[i]));
    }
  }
  for (const std::string& row : flags.rows) {
    if (row.starts_with("kafka_streams") && flags.peer.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("row ", row, " needs --peer=PATH (bench/peer/run.sh)"));
    }
  }
  return flags;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Row {
  std::string label;
  std::function<absl::StatusOr<Measurement>()> measure;
  std::vector<Measurement> rounds = {};

  double MedianOf(const std::function<absl::Duration(const Measurement&)>& part) const {
    std::vector<double> values;
    for (const Measurement& round : rounds) values.push_back(absl::ToDoubleSeconds(part(round)));
    return Median(values);
  }
  double Start() const {
    return MedianOf([](const Measurement& m) { return m.to_first.wall; });
  }
  double Stream() const {
    return MedianOf([](const Measurement& m) { return m.to_last.wall - m.to_first.wall; });
  }
  double StreamCpu() const {
    return MedianOf([](const Measurement& m) { return m.to_last.cpu - m.to_first.cpu; });
  }
  double StreamWaitingForCpu() const {
    return MedianOf([](const Measurement& m) {
      return m.to_last.waiting_for_cpu - m.to_first.waiting_for_cpu;
    });
  }
  double EndWait() const {
    return MedianOf([](const Measurement& m) { return m.to_end.wall - m.to_last.wall; });
  }
};

void PrintRound(int64_t round, const Row& row) {
  const Measurement& m = row.rounds.back();
  std::printf(
      "  round %lld: %-44s first event %.2f s, last %.2f s (cpu %.2f s, waited for a core "
      "%.2f s), end %.2f s\n",
      static_cast<long long>(round), row.label.c_str(), absl::ToDoubleSeconds(m.to_first.wall),
      absl::ToDoubleSeconds(m.to_last.wall), absl::ToDoubleSeconds(m.to_last.cpu),
      absl::ToDoubleSeconds(m.to_last.waiting_for_cpu), absl::ToDoubleSeconds(m.to_end.wall));
  std::fflush(stdout);
}

// Rates are over the stretch from the first event to the last (start-up and end detection
// are fixed costs, shown apart). Over that stretch: cpu is the bench process's (all threads),
// "wait" is how long the bench's main thread (the runner's) was runnable without a core.
void PrintTable(const std::vector<Row>& rows, const Flags& flags) {
  const bool has_baseline = rows.front().label.starts_with("baseline");
  const double baseline = has_baseline ? rows.front().Stream() : 0;
  std::printf("\nmedians of %lld rounds:\n", static_cast<long long>(flags.repeats));
  std::printf("%-44s %7s %7s %8s %9s %7s %6s %9s %6s %6s\n", "row", "events", "start s", "stream s",
              "events/s", "ratio", "cpu s", "cpu us/ev", "wait s", "+end s");
  const double events = static_cast<double>(flags.events);
  for (const Row& row : rows) {
    const double stream = row.Stream();
    const std::string ratio = has_baseline ? absl::StrFormat("%.3f", baseline / stream) : "-";
    std::printf("%-44s %7lld %7.2f %8.2f %9.0f %7s %6.2f %9.1f %6.2f %6.2f\n", row.label.c_str(),
                static_cast<long long>(flags.events), row.Start(), stream, events / stream,
                ratio.c_str(), row.StreamCpu(), row.StreamCpu() * 1e6 / events,
                row.StreamWaitingForCpu(), row.EndWait());
  }
  // For bench/run.sh (results.json): every row's events/s, one line each.
  for (size_t i = 0; i < rows.size(); ++i) {
    std::printf("RATE %s %.1f\n", flags.rows[i].c_str(), events / rows[i].Stream());
  }
}

int Run(const Flags& flags) {
  const char* bootstrap = std::getenv("STEM_KAFKA_BOOTSTRAP");
  if (bootstrap == nullptr || *bootstrap == '\0') {
    std::fprintf(stderr,
                 "STEM_KAFKA_BOOTSTRAP is not set: run `make bench`, or "
                 "`deploy/kafka/broker.sh run -- bench/run.sh <build dir>`\n");
    return 2;
  }
  eventlog::KafkaOptions kafka;
  kafka.bootstrap_servers = bootstrap;
  kafka.client_id = "stem-bench";
  absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = eventlog::OpenKafkaEventLog(kafka);
  if (!log.ok()) {
    std::fprintf(stderr, "opening the log: %s\n", log.status().ToString().c_str());
    return 1;
  }
  const std::string topic =
      absl::StrCat("bench.projection-rebuild.", absl::ToUnixMicros(absl::Now()));
  eventlog::TopicSpec spec;
  spec.name = topic;
  spec.partitions = static_cast<int32_t>(flags.partitions);
  if (absl::Status status = (*log)->EnsureTopics({spec}); !status.ok()) {
    std::fprintf(stderr, "creating %s: %s\n", topic.c_str(), status.ToString().c_str());
    return 1;
  }

  FillSpec fill_spec;
  fill_spec.topic = topic;
  fill_spec.events = flags.events;
  fill_spec.aggregates = static_cast<int>(flags.aggregates);
  absl::StatusOr<FillResult> fill = FillTopic(**log, fill_spec);
  if (!fill.ok()) {
    std::fprintf(stderr, "filling %s: %s\n", topic.c_str(), fill.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "topic %s: %lld events (%lld bytes per envelope on average), %lld aggregates, "
      "%lld partitions; filled in %.1f s\n",
      topic.c_str(), static_cast<long long>(flags.events),
      static_cast<long long>(fill->bytes / flags.events), static_cast<long long>(flags.aggregates),
      static_cast<long long>(flags.partitions), absl::ToDoubleSeconds(fill->elapsed));
  std::fflush(stdout);

  auto rebuild = [&](bool sync, size_t batch) -> Row {
    return {absl::StrCat("runner rebuild, sync=", sync ? "true" : "false", ", max_batch ", batch),
            [&, sync, batch] { return RunnerRebuild(**log, topic, *fill, sync, batch); }};
  };
  auto consume = [&](const std::string& label, bool parse) -> Row {
    return {label, [&, label, parse]() -> absl::StatusOr<Measurement> {
              absl::StatusOr<ConsumeResult> consumed =
                  ConsumeAndDiscard(bootstrap, topic, spec.partitions, flags.events,
                                    /*patience=*/absl::Minutes(10), parse);
              if (!consumed.ok()) return consumed.status();
              if (consumed->records != flags.events) {
                return absl::DataLossError(absl::StrCat(label, " read ", consumed->records));
              }
              return consumed->measurement;
            }};
  };
  auto peer = [&](const std::string& label, std::vector<std::string> peer_flags) -> Row {
    return {label, [&, peer_flags] {
              return RunPeer(
                  {flags.peer, bootstrap, topic, flags.events, flags.aggregates, peer_flags});
            }};
  };
  const size_t max_batch = static_cast<size_t>(flags.max_batch);
  const std::map<std::string, Row> known = {
      {"baseline", consume("baseline: librdkafka consume+discard", /*parse=*/false)},
      {"consume_parse", consume("librdkafka consume+parse envelope", /*parse=*/true)},
      {"sync", rebuild(/*sync=*/true, max_batch)},
      {"nosync", rebuild(/*sync=*/false, max_batch)},
      // What RebuildInto uses by default.
      {"nosync_big", rebuild(/*sync=*/false, 5000)},
      {"kafka_streams", peer("Kafka Streams, exactly_once_v2, RocksDB", {})},
      {"kafka_streams_nocache",
       peer("Kafka Streams, exactly_once_v2, no cache", {"--caching=false"})},
  };
  std::vector<Row> rows;
  for (const std::string& name : flags.rows) {
    auto it = known.find(name);
    if (it == known.end()) {
      std::fprintf(stderr, "unknown row %s\n", name.c_str());
      return 2;
    }
    rows.push_back(it->second);
  }

  for (int64_t round = 1; round <= flags.repeats; ++round) {
    for (Row& row : rows) {
      absl::StatusOr<Measurement> measured = row.measure();
      if (!measured.ok()) {
        std::fprintf(stderr, "%s: %s\n", row.label.c_str(), measured.status().ToString().c_str());
        return 1;
      }
      row.rounds.push_back(*measured);
      PrintRound(round, row);
    }
  }
  PrintTable(rows, flags);
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
