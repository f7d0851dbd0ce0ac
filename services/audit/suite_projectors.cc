#include "services/audit/suite_projectors.h"

#include "contexts/activity/activity_projector.h"
#include "contexts/partnership/partnership_projector.h"
#include "contexts/recognition/academy_projector.h"
#include "contexts/subsidy/subsidy_projector.h"
#include "libs/service/command_guard.h"

namespace stem::audit {
namespace {

template <typename Inner>
class Guarded final : public ServiceProjector {
 public:
  template <typename... Args>
  explicit Guarded(const events::FactRules& fact_rules, Args&&... args)
      : inner_(std::forward<Args>(args)...), guard_(Unwrap(inner_), fact_rules) {}
  projection::Projector& projector() override { return guard_; }
  projection::Projector& unguarded() override { return Unwrap(inner_); }

 private:
  static projection::Projector& Unwrap(projection::Projector& projector) { return projector; }
  static projection::Projector& Unwrap(subsidy::SubsidyProjectors& projectors) {
    return projectors.projector();
  }
  Inner inner_;
  service::GuardedProjector guard_;
};

}  // namespace

std::unique_ptr<ServiceProjector> ProjectorFor(const std::string& name,
                                               const service::Topics& topics,
                                               const events::FactRules& fact_rules) {
  if (name == "recognition") {
    return std::make_unique<Guarded<recognition::AcademyProjector>>(fact_rules, topics.recognition);
  }
  if (name == "activity") {
    return std::make_unique<Guarded<activity::ActivityProjector>>(fact_rules, topics);
  }
  if (name == "partnership") {
    return std::make_unique<Guarded<partnership::PartnershipProjector>>(fact_rules, topics);
  }
  if (name == "subsidy") {
    return std::make_unique<Guarded<subsidy::SubsidyProjectors>>(fact_rules, topics);
  }
  return nullptr;
}

std::string OwnerOf(const std::string& topic, const service::Topics& topics) {
  if (topic == topics.recognition) return "recognition";
  if (topic == topics.activity) return "activity";
  if (topic == topics.partnership) return "partnership";
  if (topic == topics.subsidy) return "subsidy";
  return "";
}

}  // namespace stem::audit
