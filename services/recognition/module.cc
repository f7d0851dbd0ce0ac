#include "services/recognition/module.h"

#include "contexts/recognition/academy_projector.h"
#include "libs/service/host.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {
namespace {

class Module final : public service::ServiceModule {
 public:
  std::string_view name() const override { return "recognition"; }

  absl::Status Start(service::Host& host) override {
    projector_ = std::make_unique<AcademyProjector>(host.topics().recognition);
    absl::StatusOr<std::unique_ptr<service::ServiceRuntime>> runtime =
        host.StartRuntime("recognition", *projector_);
    if (!runtime.ok()) return runtime.status();
    runtime_ = std::move(*runtime);
    runtime_->set_writes_topic(host.topics().recognition);
    service_ = std::make_unique<RecognitionServiceImpl>(
        *runtime_, host.authenticator(), host.municipalities(), host.topics().recognition);
    return absl::OkStatus();
  }

  std::vector<service::ServedService> services() override {
    return {{service_.get(), v1::RecognitionService::service_full_name()}};
  }

 private:
  // Destroyed in reverse: the service before the runtime it uses, the runtime before its
  // projector.
  std::unique_ptr<AcademyProjector> projector_;
  std::unique_ptr<service::ServiceRuntime> runtime_;
  std::unique_ptr<RecognitionServiceImpl> service_;
};

}  // namespace

std::unique_ptr<service::ServiceModule> MakeRecognitionModule() {
  return std::make_unique<Module>();
}

}  // namespace stem::recognition
