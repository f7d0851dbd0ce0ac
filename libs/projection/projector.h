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

// Whether an error of Projector::Apply is the fact's: it cannot be applied, whenever and
// wherever it is tried (INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS,
// OUT_OF_RANGE, DATA_LOSS). Every other code is the system's.
inline bool IsFactError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kDataLoss:
      return true;
    default:
      return false;
  }
}

class Projector {
 public:
  virtual ~Projector() = default;
  // The topics whose events this projector needs.
  virtual std::vector<std::string> Topics() const = 0;
  // What the state it writes means. A projector whose effect on the state changes gets a
  // new version; a store built by another version is then rebuilt from the log
  // (libs/service/store_generations.h).
  virtual std::string Version() const { return "1"; }
  // Applies one event (already upcast to its current schema version). Must be
  // deterministic: its effect depends only on the event and the state in `batch`, so that a
  // replay rebuilds the same state. An error of the fact (IsFactError) means it cannot be
  // applied: the runner rolls back what it wrote and sets it aside (quarantine.h). Any
  // other error - the system's: a deadline, an unavailable dependency - or a read of the
  // store that failed underneath (Batch::ReadFault) stops the runner, so that a restart
  // applies the fact. Either way the message says what and where, deterministically (a
  // replay records the same).
  virtual absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                             Batch& batch) = 0;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_PROJECTOR_H_
