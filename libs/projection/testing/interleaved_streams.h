// For property tests of projectors that read several topics: the facts of each aggregate as
// a stream in its order, and random merges of the streams that keep each one's order - the
// orders in which a projection may read them, since only each partition is ordered.
#ifndef STEM_LIBS_PROJECTION_TESTING_INTERLEAVED_STREAMS_H_
#define STEM_LIBS_PROJECTION_TESTING_INTERLEAVED_STREAMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::projection::testing {

struct Fact {
  std::string topic;
  events::v1::EventEnvelope event;
};

// The facts of one aggregate, in its order (versions 1, 2, ...).
class Stream {
 public:
  Stream(std::string topic, std::string type, std::string id)
      : topic_(std::move(topic)), type_(std::move(type)), id_(std::move(id)) {}

  Stream& Add(const google::protobuf::Message& payload);
  const std::vector<Fact>& facts() const { return facts_; }

 private:
  std::string topic_, type_, id_;
  std::vector<Fact> facts_;
};

// A random merge of the streams that keeps each stream's order.
std::vector<Fact> Interleave(const std::vector<Stream>& streams, uint32_t seed);

}  // namespace stem::projection::testing

#endif  // STEM_LIBS_PROJECTION_TESTING_INTERLEAVED_STREAMS_H_
