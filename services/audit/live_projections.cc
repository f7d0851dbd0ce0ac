#include "services/audit/live_projections.h"

namespace stem::audit {

absl::StatusOr<std::vector<LiveProjection>> InProcessProjections::Take() {
  std::vector<LiveProjection> live;
  for (const auto& [name, runtime] : runtimes_) {
    auto digest = runtime->store().TakeDigest();
    if (!digest.ok()) return digest.status();
    live.push_back({name, digest->checksum, digest->positions, &runtime->store()});
  }
  return live;
}

}  // namespace stem::audit
