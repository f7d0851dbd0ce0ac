// `--repair_log` of a process on the embedded log (eventlog/embedded_log_repair.h), for an
// operator whose log refuses to open: "show" prints every partition file and what damage
// is where (exit 0 when the log opens, 4 when it refuses); "move_aside" moves the damage and
// every commit from the first one it may have touched to <data_dir>/log/quarantine/, and
// says which projection stores must then be rebuilt.
#ifndef STEM_LIBS_SERVICE_LOG_REPAIR_H_
#define STEM_LIBS_SERVICE_LOG_REPAIR_H_

#include <cstdio>
#include <string>

#include "libs/service/host.h"

namespace stem::service {

// Returns the process's exit code; writes its report to `out`.
int RunLogRepair(const HostOptions& options, const std::string& mode, std::FILE* out);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_LOG_REPAIR_H_
