#include "services/audit/audit_service.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/rpc/server.h"

namespace stem::audit {
namespace {

// The purposes of expensive reads: the first part of their scratch directories' names.
constexpr const char* kPurposes[] = {"replay", "explain", "as-of"};

}  // namespace

ExpensiveRead::~ExpensiveRead() {
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir_, ignored);
}

AuditServiceImpl::AuditServiceImpl(AuditServiceDeps deps) : deps_(std::move(deps)) {
  // A process that died mid-run left its scratch stores. Only what these runs name is
  // removed: the directory is the operator's to choose, and may hold other things.
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(deps_.scratch_dir, error)) {
    const std::string name = entry.path().filename().string();
    for (const char* purpose : kPurposes) {
      if (name.rfind(absl::StrCat(purpose, "-"), 0) == 0) {
        std::error_code ignored;
        std::filesystem::remove_all(entry.path(), ignored);
      }
    }
  }
}

absl::StatusOr<std::unique_ptr<ExpensiveRead>> AuditServiceImpl::BeginExpensiveRead(
    const char* purpose, const grpc::ServerContext& context) {
  std::unique_lock<std::mutex> slot(expensive_slot_, std::try_to_lock);
  if (!slot.owns_lock()) {
    return MakeError(absl::StatusCode::kResourceExhausted, "AUDIT_BUSY",
                     "another replay, explanation or as-of query runs in this process; retry "
                     "when it has ended");
  }
  return std::make_unique<ExpensiveRead>(
      std::move(slot),
      absl::StrCat(deps_.scratch_dir, "/", purpose, "-", ::getpid(), "-",
                   scratch_sequence_.fetch_add(1)),
      rpc::CallDeadline(context, ExpensiveRead::kLongestRead));
}

}  // namespace stem::audit
