#include "services/activity/module.h"

#include "contexts/activity/activity_projector.h"
#include "libs/service/host.h"
#include "services/activity/activity_service.h"

namespace stem::activity {
namespace {

class Module final : public service::ServiceModule {
 public:
  std::string_view name() const override { return "activity"; }

  absl::Status Start(service::Host& host) override {
    projector_ = std::make_unique<ActivityProjector>(host.topics());
    absl::StatusOr<std::unique_ptr<service::ServiceRuntime>> runtime =
        host.StartRuntime("activity", *projector_);
    if (!runtime.ok()) return runtime.status();
    runtime_ = std::move(*runtime);
    runtime_->set_writes_topic(host.topics().activity);
    service_ = std::make_unique<ActivityServiceImpl>(*runtime_, host.authenticator(),
                                                     host.municipalities(), host.topics());
    return absl::OkStatus();
  }

  std::vector<service::ServedService> services() override {
    return {{service_.get(), v1::ActivityService::service_full_name()}};
  }

 private:
  // Destroyed in reverse: the service before the runtime it uses, the runtime before its
  // projector.
  std::unique_ptr<ActivityProjector> projector_;
  std::unique_ptr<service::ServiceRuntime> runtime_;
  std::unique_ptr<ActivityServiceImpl> service_;
};

}  // namespace

std::unique_ptr<service::ServiceModule> MakeActivityModule() { return std::make_unique<Module>(); }

}  // namespace stem::activity
