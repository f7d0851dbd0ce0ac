#include "bench/raw_consume.h"

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::bench {

absl::StatusOr<ConsumeResult> ConsumeAndDiscard(const std::string& bootstrap,
                                                const std::string& topic, int32_t partitions,
                                                int64_t expected, absl::Duration patience,
                                                bool parse, std::vector<KeptRecord>* keep) {
  const Stopwatch stopwatch;
  const absl::Time give_up = absl::Now() + patience;
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  const std::map<std::string, std::string> properties = {
      {"bootstrap.servers", bootstrap},
      {"client.id", "stem-bench-baseline"},
      // Required by KafkaConsumer, never joined: the partitions are assigned, not subscribed.
      {"group.id", absl::StrCat("stem-bench-baseline-", std::random_device{}())},
      {"isolation.level", "read_committed"},
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "true"},
  };
  for (const auto& [name, value] : properties) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", error));
    }
  }
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (consumer == nullptr) return absl::InternalError(absl::StrCat("consumer: ", error));
  std::vector<RdKafka::TopicPartition*> assignment;
  for (int32_t partition = 0; partition < partitions; ++partition) {
    assignment.push_back(
        RdKafka::TopicPartition::create(topic, partition, RdKafka::Topic::OFFSET_BEGINNING));
  }
  const RdKafka::ErrorCode assigned = consumer->assign(assignment);
  RdKafka::TopicPartition::destroy(assignment);
  if (assigned != RdKafka::ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("assign: ", RdKafka::err2str(assigned)));
  }

  ConsumeResult result;
  std::set<int32_t> at_end;
  events::v1::EventEnvelope envelope;
  while (static_cast<int32_t>(at_end.size()) < partitions) {
    if (absl::Now() > give_up) {
      return absl::DeadlineExceededError(absl::StrCat("baseline: ", at_end.size(),
                                                      " partitions at their end after ",
                                                      absl::FormatDuration(patience)));
    }
    std::unique_ptr<RdKafka::Message> message(consumer->consume(100));
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        if (result.records++ == 0) result.measurement.to_first = stopwatch.Elapsed();
        result.bytes += static_cast<int64_t>(message->len());
        if (parse &&
            !envelope.ParseFromArray(message->payload(), static_cast<int>(message->len()))) {
          return absl::DataLossError(
              absl::StrCat("baseline: offset ", message->offset(), " holds no event envelope"));
        }
        if (keep != nullptr) {
          keep->push_back(
              {message->key() != nullptr ? *message->key() : std::string(),
               std::string(static_cast<const char*>(message->payload()), message->len())});
        }
        if (result.records == expected) result.measurement.to_last = stopwatch.Elapsed();
        break;
      case RdKafka::ERR__PARTITION_EOF:
        at_end.insert(message->partition());
        break;
      case RdKafka::ERR__TIMED_OUT:
        break;
      default:
        return absl::UnavailableError(absl::StrCat("baseline consumer: ", message->errstr()));
    }
  }
  result.measurement.to_end = stopwatch.Elapsed();
  consumer->close();
  return result;
}

}  // namespace stem::bench
