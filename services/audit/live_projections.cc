#include "services/audit/live_projections.h"

#include "libs/common/absl_compat.h"
#include "libs/common/text.h"

namespace stem::audit {

absl::StatusOr<std::vector<LiveProjection>> InProcessProjections::Take() {
  std::vector<LiveProjection> live;
  for (const auto& [name, runtime] : runtimes_) {
    auto digest = runtime->store().TakeDigest();
    if (!digest.ok()) return digest.status();
    const absl::Status health = runtime->projection().Health();
    live.push_back({name, digest->checksum, digest->positions, &runtime->store(),
                    health.ok() ? std::string() : ScrubPaths(FromAbsl(health.message()))});
  }
  return live;
}

}  // namespace stem::audit
