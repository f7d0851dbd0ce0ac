// Queries as they stood at an earlier instant: a service runtime over the log cut where the
// suite's clock passed that instant (a fact records the clock's reading when its command was
// accepted), in a scratch store, with its clock stopped at the instant. The service's own
// query handlers then answer exactly as they would have.
#ifndef STEM_SERVICES_AUDIT_AS_OF_H_
#define STEM_SERVICES_AUDIT_AS_OF_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/clock/clock.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "services/audit/bounded_log.h"
#include "services/audit/suite_projectors.h"

namespace stem::audit {

class AsOfView {
 public:
  // `service` names the projection ("recognition", "subsidy", ...). The store goes to
  // `scratch_dir`, which must not exist; the view removes it when destroyed.
  static absl::StatusOr<std::unique_ptr<AsOfView>> Open(
      eventlog::EventLog& log, const service::Topics& topics,
      const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
      const std::string& service, absl::Time as_of, const std::string& scratch_dir,
      absl::Time deadline);
  ~AsOfView();

  service::ServiceRuntime& runtime() { return *runtime_; }
  // Facts the view holds, over the topics the service reads.
  int64_t facts_known() const { return facts_known_; }

 private:
  AsOfView(absl::Time as_of, std::string scratch_dir)
      : clock_(as_of), scratch_dir_(std::move(scratch_dir)) {}

  clock::ManualClock clock_;
  const std::string scratch_dir_;
  std::unique_ptr<BoundedLog> log_;
  std::unique_ptr<ServiceProjector> projector_;
  std::unique_ptr<service::ServiceRuntime> runtime_;
  int64_t facts_known_ = 0;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AS_OF_H_
