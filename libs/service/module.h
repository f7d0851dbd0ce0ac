// A service described once - its runtimes, its gRPC services and the names health checks
// ask for - so that a process runs any list of them on one Host: a service's own executable
// runs its module, the all-in-one runs them all (process.h).
#ifndef STEM_LIBS_SERVICE_MODULE_H_
#define STEM_LIBS_SERVICE_MODULE_H_

#include <grpcpp/impl/service_type.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace stem::service {

class Host;

struct ServedService {
  grpc::Service* service = nullptr;
  // The service's full proto name (the generated `service_full_name()`), which health
  // checks ask for.
  std::string health_name;
};

class ServiceModule {
 public:
  virtual ~ServiceModule() = default;

  // Names the module in errors: "activity".
  virtual std::string_view name() const = 0;
  // Starts the module's runtimes (Host::StartRuntime) and builds its gRPC services. A module
  // that reads other modules' runtimes (the in-process audit) is started after them.
  virtual absl::Status Start(Host& host) = 0;
  // Valid after Start; owned by the module.
  virtual std::vector<ServedService> services() = 0;
};

using ModuleFactory = std::function<std::unique_ptr<ServiceModule>()>;

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_MODULE_H_
