// The AuditService (rulebook section 9) as a module, with the live projections it compares
// its replays with: in the all-in-one, the read models of the modules started before it;
// in its own process (distributed mode), the ProjectionService of each service process
// named by --projection_endpoints.
#ifndef STEM_SERVICES_AUDIT_MODULE_H_
#define STEM_SERVICES_AUDIT_MODULE_H_

#include <memory>

#include "libs/service/module.h"

namespace stem::audit {

// Started after the modules whose read models it compares with.
std::unique_ptr<service::ServiceModule> MakeInProcessAuditModule();
// Reads the --projection_* flags.
std::unique_ptr<service::ServiceModule> MakeRemoteAuditModule();

}  // namespace stem::audit

#endif  // STEM_SERVICES_AUDIT_MODULE_H_
