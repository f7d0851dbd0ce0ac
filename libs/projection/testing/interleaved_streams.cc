#include "libs/projection/testing/interleaved_streams.h"

#include <random>

#include "libs/events/event_factory.h"

namespace stem::projection::testing {

Stream& Stream::Add(const google::protobuf::Message& payload) {
  Fact fact{topic_, {}};
  fact.event.set_event_id(events::NewUuid());
  fact.event.set_aggregate_type(type_);
  fact.event.set_aggregate_id(id_);
  fact.event.set_aggregate_version(static_cast<int64_t>(facts_.size()) + 1);
  fact.event.set_event_type(payload.GetDescriptor()->full_name());
  fact.event.mutable_payload()->PackFrom(payload);
  facts_.push_back(std::move(fact));
  return *this;
}

std::vector<Fact> Interleave(const std::vector<Stream>& streams, uint32_t seed) {
  std::vector<size_t> next(streams.size(), 0);
  std::vector<Fact> order;
  std::mt19937 random(seed);
  for (;;) {
    std::vector<size_t> open;
    for (size_t i = 0; i < streams.size(); ++i) {
      if (next[i] < streams[i].facts().size()) open.push_back(i);
    }
    if (open.empty()) return order;
    const size_t pick = open[random() % open.size()];
    order.push_back(streams[pick].facts()[next[pick]++]);
  }
}

}  // namespace stem::projection::testing
