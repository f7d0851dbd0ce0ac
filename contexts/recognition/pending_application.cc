#include "contexts/recognition/pending_application.h"

#include "libs/common/error.h"

namespace stem::recognition {

absl::Status RequirePending(const v1::Academy& academy, const std::string& application_id) {
  for (const v1::Application& application : academy.applications()) {
    if (application.submitted().application_id() != application_id) continue;
    if (application.state() == v1::APPLICATION_STATE_PENDING) return absl::OkStatus();
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "APPLICATION_ALREADY_DECIDED",
        "application " + application_id + " was already " +
            (application.state() == v1::APPLICATION_STATE_GRANTED ? "granted" : "rejected"));
  }
  return MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                   "academy " + academy.kbo() + " has no application " + application_id);
}

}  // namespace stem::recognition
