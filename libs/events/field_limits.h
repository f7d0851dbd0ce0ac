// What each field of a request or a fact may hold, read from the message's own descriptor
// (proto/stem/common/v1/limits.proto): each string field is text of the kind its
// (stem.common.v1.limits) option names (an identifier when it names none), a field marked
// `date` or `instant` is one within the suite's dates, each repeated or map field holds at
// most its max_items, and nested messages are checked the same way. The request frame
// (libs/service/call.h) runs this on every request and the fact rules (fact_rules.h) on every
// fact, so a new field is checked the day it is added.
#ifndef STEM_LIBS_EVENTS_FIELD_LIMITS_H_
#define STEM_LIBS_EVENTS_FIELD_LIMITS_H_

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace stem::events {

struct FieldLimitOptions {
  // The most items of a list that names no max_items; 0: no limit.
  int default_max_items = 0;
};

// What a request may hold: lists without a limit of their own hold at most 300 items.
inline constexpr FieldLimitOptions kRequestLimits{300};
// What a fact may hold: its lists are as long as the command that wrote it made them.
inline constexpr FieldLimitOptions kFactLimits{0};

// INVALID_ARGUMENT with reason TEXT_INVALID (a string that is not valid text of its kind),
// TOO_MANY (a list longer than its limit), DATE_INVALID or DATE_OUT_OF_RANGE (a marked date
// or instant), naming the field's path ("sessions[3].date"); OK otherwise.
absl::Status CheckFieldLimits(const google::protobuf::Message& message,
                              const FieldLimitOptions& options);

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_FIELD_LIMITS_H_
