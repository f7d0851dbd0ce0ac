#include "services/audit/audit_service.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"

namespace stem::audit {

std::string AuditServiceImpl::ScratchDir(const char* purpose) {
  return absl::StrCat(deps_.scratch_dir, "/", purpose, "-", ::getpid(), "-",
                      scratch_sequence_.fetch_add(1));
}

}  // namespace stem::audit
