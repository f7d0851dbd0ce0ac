#include "bench/raw_produce.h"

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"

namespace stem::bench {
namespace {

class CountDelivery final : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      ++failed;
    } else {
      ++delivered;
    }
  }
  std::atomic<int64_t> delivered{0};
  std::atomic<int64_t> failed{0};
};

}  // namespace

absl::StatusOr<Timing> ProduceIdempotent(const std::string& bootstrap, const std::string& topic,
                                         const std::vector<KeptRecord>& records) {
  std::string error;
  CountDelivery deliveries;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  const std::map<std::string, std::string> properties = {
      {"bootstrap.servers", bootstrap},
      {"client.id", "stem-bench-raw-produce"},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      // The same partitioner as the event log (murmur2 of the key, as Java clients).
      {"partitioner", "murmur2_random"},
  };
  for (const auto& [name, value] : properties) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", error));
    }
  }
  if (conf->set("dr_cb", &deliveries, error) != RdKafka::Conf::CONF_OK) {
    return absl::InternalError(error);
  }
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  if (producer == nullptr) return absl::InternalError(absl::StrCat("producer: ", error));
  const Stopwatch stopwatch;
  for (const KeptRecord& record : records) {
    while (true) {
      const RdKafka::ErrorCode produced =
          producer->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                            const_cast<char*>(record.value.data()), record.value.size(),
                            record.key.data(), record.key.size(), 0, nullptr);
      if (produced == RdKafka::ERR_NO_ERROR) break;
      if (produced != RdKafka::ERR__QUEUE_FULL) {
        return absl::InternalError(absl::StrCat("produce: ", RdKafka::err2str(produced)));
      }
      producer->poll(10);  // the local queue is full: let deliveries drain it
    }
    producer->poll(0);
  }
  const RdKafka::ErrorCode flushed = producer->flush(120000);
  const Timing timing = stopwatch.Elapsed();
  if (flushed != RdKafka::ERR_NO_ERROR) {
    return absl::DeadlineExceededError(absl::StrCat("flush: ", RdKafka::err2str(flushed)));
  }
  if (deliveries.failed > 0 || deliveries.delivered != static_cast<int64_t>(records.size())) {
    return absl::InternalError(absl::StrCat(deliveries.failed.load(), " records failed, ",
                                            deliveries.delivered.load(), " of ", records.size(),
                                            " delivered"));
  }
  return timing;
}

}  // namespace stem::bench
