#include "services/audit/audit_module.h"

#include "services/audit/module.h"

namespace stem::audit {

absl::Status AuditModule::Start(service::Host& host) {
  absl::StatusOr<std::unique_ptr<LiveProjections>> live = OpenLiveProjections(host);
  if (!live.ok()) return live.status();
  live_ = std::move(*live);
  service_ = std::make_unique<AuditServiceImpl>(AuditServiceDeps{
      host.log(), host.topics(), host.upcasters(), host.fact_rules(), host.authenticator(),
      host.municipalities(), *live_, host.options().audit_scratch_dir, &host.clock(),
      host.checkpoint_signer(), host.checkpoint_origin()});
  return absl::OkStatus();
}

std::vector<service::ServedService> AuditModule::services() {
  return {{service_.get(), v1::AuditService::service_full_name()}};
}

namespace {

class InProcessAuditModule final : public AuditModule {
 protected:
  absl::StatusOr<std::unique_ptr<LiveProjections>> OpenLiveProjections(
      service::Host& host) override {
    return std::make_unique<InProcessProjections>(host.read_models());
  }
};

}  // namespace

std::unique_ptr<service::ServiceModule> MakeInProcessAuditModule() {
  return std::make_unique<InProcessAuditModule>();
}

}  // namespace stem::audit
