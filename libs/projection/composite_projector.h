// Several projectors over one subscription and one store: a service that needs another
// context's read model runs that context's projector beside its own instead of copying it.
// Each part sees only the events of its own topics; parts must use key prefixes of their
// own.
#ifndef STEM_LIBS_PROJECTION_COMPOSITE_PROJECTOR_H_
#define STEM_LIBS_PROJECTION_COMPOSITE_PROJECTOR_H_

#include <vector>

#include "libs/projection/projector.h"

namespace stem::projection {

class CompositeProjector final : public Projector {
 public:
  // The parts are not owned and must outlive the composite.
  explicit CompositeProjector(std::vector<Projector*> parts) : parts_(std::move(parts)) {}

  std::vector<std::string> Topics() const override;
  // The parts' versions joined by "+": a new version of any part rebuilds the store.
  std::string Version() const override;
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     Batch& batch) override;

 private:
  std::vector<Projector*> parts_;
};

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_COMPOSITE_PROJECTOR_H_
