// The activity registration service (rulebook sections 3-5): the activity runtime and the
// ActivityService over it.
#ifndef STEM_SERVICES_ACTIVITY_MODULE_H_
#define STEM_SERVICES_ACTIVITY_MODULE_H_

#include <memory>

#include "libs/service/module.h"

namespace stem::activity {

std::unique_ptr<service::ServiceModule> MakeActivityModule();

}  // namespace stem::activity

#endif  // STEM_SERVICES_ACTIVITY_MODULE_H_
