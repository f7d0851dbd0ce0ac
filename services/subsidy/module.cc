#include "services/subsidy/module.h"

#include "contexts/subsidy/subsidy_projector.h"
#include "contexts/subsidy/tranche_processor.h"
#include "libs/service/host.h"
#include "services/subsidy/report_service.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {
namespace {

class Module final : public service::ServiceModule {
 public:
  std::string_view name() const override { return "subsidy"; }

  absl::Status Start(service::Host& host) override {
    projectors_ = std::make_unique<SubsidyProjectors>(host.topics());
    absl::StatusOr<std::unique_ptr<service::ServiceRuntime>> runtime =
        host.StartRuntime("subsidy", projectors_->projector());
    if (!runtime.ok()) return runtime.status();
    runtime_ = std::move(*runtime);
    runtime_->set_writes_topic(host.topics().subsidy);
    // The tranche process reads the partnership topic in a consumer group, so that the
    // replicas share the approvals; its orders run on the subsidy runtime.
    trigger_ = std::make_unique<TrancheTrigger>(host.topics(), *runtime_);
    absl::StatusOr<std::unique_ptr<service::ServiceRuntime>> tranches =
        host.StartRuntime("tranches", *trigger_, "stem-subsidy-tranches");
    if (!tranches.ok()) return tranches.status();
    tranches_ = std::move(*tranches);
    service_ = std::make_unique<SubsidyServiceImpl>(*runtime_, host.authenticator(),
                                                    host.municipalities(), host.topics());
    reports_ =
        std::make_unique<ReportServiceImpl>(*runtime_, host.authenticator(), host.municipalities());
    return absl::OkStatus();
  }

  std::vector<service::ServedService> services() override {
    return {{service_.get(), v1::SubsidyService::service_full_name()},
            {reports_.get(), v1::ReportService::service_full_name()}};
  }

 private:
  // Destroyed in reverse: the services first, then the tranche process (which writes
  // through the subsidy runtime), then the subsidy runtime and its projectors.
  std::unique_ptr<SubsidyProjectors> projectors_;
  std::unique_ptr<service::ServiceRuntime> runtime_;
  std::unique_ptr<TrancheTrigger> trigger_;
  std::unique_ptr<service::ServiceRuntime> tranches_;
  std::unique_ptr<SubsidyServiceImpl> service_;
  std::unique_ptr<ReportServiceImpl> reports_;
};

}  // namespace

std::unique_ptr<service::ServiceModule> MakeSubsidyModule() { return std::make_unique<Module>(); }

}  // namespace stem::subsidy
