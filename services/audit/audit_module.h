// The part both audit modules share: the AuditService over the host and some live
// projections.
#ifndef STEM_SERVICES_AUDIT_AUDIT_MODULE_H_
#define STEM_SERVICES_AUDIT_AUDIT_MODULE_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/service/host.h"
#include "libs/service/module.h"
#include "services/audit/audit_service.h"
#include "services/audit/live_projections.h"

namespace stem::audit {

class AuditModule : public service::ServiceModule {
 public:
  std::string_view name() const override { return "audit"; }
  absl::Status Start(service::Host& host) override;
  std::vector<service::ServedService> services() override;

 protected:
  // Where this module's audits find the live projections.
  virtual absl::StatusOr<std::unique_ptr<LiveProjections>> OpenLiveProjections(
      service::Host& host) = 0;

 private:
  std::unique_ptr<LiveProjections> live_;
  std::unique_ptr<AuditServiceImpl> service_;
};

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_AUDIT_MODULE_H_
