#include "services/partnership/module.h"

#include "contexts/partnership/partnership_projector.h"
#include "libs/service/host.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {
namespace {

class Module final : public service::ServiceModule {
 public:
  std::string_view name() const override { return "partnership"; }

  absl::Status Start(service::Host& host) override {
    projector_ = std::make_unique<PartnershipProjector>(host.topics());
    absl::StatusOr<std::unique_ptr<service::ServiceRuntime>> runtime =
        host.StartRuntime("partnership", *projector_);
    if (!runtime.ok()) return runtime.status();
    runtime_ = std::move(*runtime);
    runtime_->set_writes_topic(host.topics().partnership);
    service_ = std::make_unique<PartnershipServiceImpl>(*runtime_, host.authenticator(),
                                                        host.municipalities(), host.topics());
    return absl::OkStatus();
  }

  std::vector<service::ServedService> services() override {
    return {{service_.get(), v1::PartnershipService::service_full_name()}};
  }

 private:
  // Destroyed in reverse: the service before the runtime it uses, the runtime before its
  // projector.
  std::unique_ptr<PartnershipProjector> projector_;
  std::unique_ptr<service::ServiceRuntime> runtime_;
  std::unique_ptr<PartnershipServiceImpl> service_;
};

}  // namespace

std::unique_ptr<service::ServiceModule> MakePartnershipModule() {
  return std::make_unique<Module>();
}

}  // namespace stem::partnership
