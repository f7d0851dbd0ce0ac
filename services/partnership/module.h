// The partnership reporting service (rulebook section 6): the partnership runtime and the
// PartnershipService over it.
#ifndef STEM_SERVICES_PARTNERSHIP_MODULE_H_
#define STEM_SERVICES_PARTNERSHIP_MODULE_H_

#include <memory>

#include "libs/service/module.h"

namespace stem::partnership {

std::unique_ptr<service::ServiceModule> MakePartnershipModule();

}  // namespace stem::partnership

#endif  // STEM_SERVICES_PARTNERSHIP_MODULE_H_
