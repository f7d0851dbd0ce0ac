// Where an audit finds the live projections to compare its replay with.
#ifndef STEM_SERVICES_AUDIT_LIVE_PROJECTIONS_H_
#define STEM_SERVICES_AUDIT_LIVE_PROJECTIONS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/service/service_runtime.h"
#include "services/audit/replay_audit.h"

namespace stem::audit {

class LiveProjections {
 public:
  virtual ~LiveProjections() = default;
  virtual absl::StatusOr<std::vector<LiveProjection>> Take() = 0;
};

// The runtimes of this process (the all-in-one), with their stores.
class InProcessProjections final : public LiveProjections {
 public:
  // Not owned; must outlive this.
  explicit InProcessProjections(std::map<std::string, service::ServiceRuntime*> runtimes)
      : runtimes_(std::move(runtimes)) {}
  absl::StatusOr<std::vector<LiveProjection>> Take() override;

 private:
  const std::map<std::string, service::ServiceRuntime*> runtimes_;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_LIVE_PROJECTIONS_H_
