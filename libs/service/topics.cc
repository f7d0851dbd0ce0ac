#include "libs/service/topics.h"

#include <string>

namespace stem::service {

Topics Topics::WithPrefix(const std::string& prefix) {
  return {prefix + "stem.recognition.events", prefix + "stem.activity.events",
          prefix + "stem.partnership.events", prefix + "stem.subsidy.events"};
}

std::vector<eventlog::TopicSpec> Topics::Specs(int32_t partitions,
                                               int16_t replication_factor) const {
  std::vector<eventlog::TopicSpec> specs;
  for (const std::string* name : {&recognition, &activity, &partnership, &subsidy}) {
    eventlog::TopicSpec spec;
    spec.name = *name;
    spec.partitions = partitions;
    spec.replication_factor = replication_factor;
    // With acks=all an append is durable on this many replicas: two of three survive the
    // loss of a broker without losing a fact; a smaller test cluster has one.
    spec.configs.emplace("min.insync.replicas", std::to_string(replication_factor >= 3 ? 2 : 1));
    specs.push_back(spec);
  }
  return specs;
}

}  // namespace stem::service
