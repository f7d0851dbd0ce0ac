// The limits every request meets before a handler sees it (rulebook section 1, "Text"),
// read from the request's own descriptor: each string field is text of the kind its
// (stem.common.v1.limits) option names (an identifier when it names none), each repeated or
// map field holds at most its max_items (300 when it names none), and nested messages are
// checked the same way. The frame (call.h) runs this for every RPC, so a new field is
// checked the day it is added.
#ifndef STEM_LIBS_SERVICE_REQUEST_LIMITS_H_
#define STEM_LIBS_SERVICE_REQUEST_LIMITS_H_

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace stem::service {

// The most items of a list without its own max_items.
inline constexpr int kDefaultMaxItems = 300;

// INVALID_ARGUMENT with reason TEXT_INVALID (a string that is not valid text of its kind)
// or TOO_MANY (a list longer than its limit), naming the field's path
// ("sessions[3].date"); OK otherwise.
absl::Status CheckRequestLimits(const google::protobuf::Message& request);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_REQUEST_LIMITS_H_
