#include "libs/events/upcaster.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace stem::events {

void UpcasterRegistry::Register(const std::string& event_type, int32_t from_version,
                                Upcaster upcaster) {
  steps_[{event_type, from_version}] = std::move(upcaster);
  int32_t& current = current_[event_type];
  current = std::max({current, from_version + 1, 1});
}

int32_t UpcasterRegistry::CurrentVersion(const std::string& event_type) const {
  auto it = current_.find(event_type);
  return it == current_.end() ? 1 : it->second;
}

absl::Status UpcasterRegistry::Upcast(v1::EventEnvelope& event) const {
  const int32_t target = CurrentVersion(event.event_type());
  // Events written before versioning existed carry 0: they are version 1.
  if (event.schema_version() == 0) event.set_schema_version(1);
  if (event.schema_version() > target) {
    return absl::FailedPreconditionError(absl::StrCat(
        "event ", event.event_id(), " of type ", event.event_type(), " has schema version ",
        event.schema_version(), " but this reader knows ", target, ": deploy the newer reader"));
  }
  while (event.schema_version() < target) {
    auto step = steps_.find({event.event_type(), event.schema_version()});
    if (step == steps_.end()) {
      return absl::InternalError(absl::StrCat("no upcaster for ", event.event_type(),
                                              " from version ", event.schema_version()));
    }
    if (absl::Status status = step->second(event); !status.ok()) return status;
    event.set_schema_version(event.schema_version() + 1);
  }
  return absl::OkStatus();
}

}  // namespace stem::events
