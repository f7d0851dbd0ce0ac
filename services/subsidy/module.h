// The subsidy service (rulebook section 7): the subsidy runtime (with the activity model it
// divides by), the tranche process that orders payments once per approval, and the
// SubsidyService and ReportService over them.
#ifndef STEM_SERVICES_SUBSIDY_MODULE_H_
#define STEM_SERVICES_SUBSIDY_MODULE_H_

#include <memory>

#include "libs/service/module.h"

namespace stem::subsidy {

std::unique_ptr<service::ServiceModule> MakeSubsidyModule();

}  // namespace stem::subsidy

#endif  // STEM_SERVICES_SUBSIDY_MODULE_H_
