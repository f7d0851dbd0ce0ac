#include "libs/projection/composite_projector.h"

#include <algorithm>
#include <set>

namespace stem::projection {

std::vector<std::string> CompositeProjector::Topics() const {
  std::set<std::string> topics;
  for (const Projector* part : parts_) {
    for (std::string& topic : part->Topics()) topics.insert(std::move(topic));
  }
  return {topics.begin(), topics.end()};
}

std::string CompositeProjector::Version() const {
  std::string version;
  for (const Projector* part : parts_) {
    if (!version.empty()) version += "+";
    version += part->Version();
  }
  return version;
}

absl::Status CompositeProjector::Apply(const events::v1::EventEnvelope& event,
                                       const eventlog::Record& record, Batch& batch) {
  for (Projector* part : parts_) {
    const std::vector<std::string> topics = part->Topics();
    if (std::find(topics.begin(), topics.end(), record.topic_partition.topic) == topics.end()) {
      continue;
    }
    if (absl::Status applied = part->Apply(event, record, batch); !applied.ok()) return applied;
  }
  return absl::OkStatus();
}

}  // namespace stem::projection
