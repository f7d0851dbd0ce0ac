#ifndef STEM_CONTEXTS_RECOGNITION_PENDING_APPLICATION_H_
#define STEM_CONTEXTS_RECOGNITION_PENDING_APPLICATION_H_

#include <string>

#include "absl/status/status.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::recognition {

// NOT_FOUND (APPLICATION_NOT_FOUND) or FAILED_PRECONDITION (APPLICATION_ALREADY_DECIDED)
// unless the academy's application `application_id` awaits a decision.
absl::Status RequirePending(const v1::Academy& academy, const std::string& application_id);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_PENDING_APPLICATION_H_
