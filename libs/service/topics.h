// The suite's topics: one per bounded context, keyed by aggregate id. Names carry a
// deployment prefix (e.g. "acc." for acceptance on a shared cluster; tests use a unique
// one), so they are values handed to services, not constants.
#ifndef STEM_LIBS_SERVICE_TOPICS_H_
#define STEM_LIBS_SERVICE_TOPICS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "libs/eventlog/event_log.h"

namespace stem::service {

struct Topics {
  std::string recognition;
  std::string activity;
  std::string partnership;
  std::string subsidy;

  // "<prefix>stem.recognition.events", ...; the default prefix is empty.
  static Topics WithPrefix(const std::string& prefix);

  // Every topic with the same partition count: the unit of scaling (a consumer group has
  // at most this many busy members per topic).
  std::vector<eventlog::TopicSpec> Specs(int32_t partitions, int16_t replication_factor = 1) const;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_TOPICS_H_
