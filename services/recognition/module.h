// The recognition service (rulebook section 2): the academy register's runtime and the
// RecognitionService over it.
#ifndef STEM_SERVICES_RECOGNITION_MODULE_H_
#define STEM_SERVICES_RECOGNITION_MODULE_H_

#include <memory>

#include "libs/service/module.h"

namespace stem::recognition {

std::unique_ptr<service::ServiceModule> MakeRecognitionModule();

}  // namespace stem::recognition

#endif  // STEM_SERVICES_RECOGNITION_MODULE_H_
