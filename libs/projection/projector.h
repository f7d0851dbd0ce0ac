// A projector turns events into state. One small projector per read model (services keep
// one file per projector).
#ifndef STEM_LIBS_PROJECTION_PROJECTOR_H_
#define STEM_LIBS_PROJECTION_PROJECTOR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/eventlog/event_log.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::projection {

class Projector {
 public:
  virtual ~Projector() = default;
  // The topics whose events this projector needs.
  virtual std::vector<std::string> Topics() const = 0;
  // Applies one event (already upcast to its current schema version). Must be
  // deterministic: its effect depends only on the event and the state in `batch`, so that a
  // replay rebuilds the same state. An error stops the runner: the log holds something
  // this projector cannot explain, which a human must look at.
  virtual absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                             Batch& batch) = 0;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_PROJECTOR_H_
