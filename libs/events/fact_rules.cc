#include "libs/events/fact_rules.h"

#include "libs/common/check.h"
#include "libs/common/error.h"

namespace stem::events {
namespace {

// The part of a type URL after the last '/': the message's full name.
std::string TypeName(const std::string& type_url) {
  const size_t slash = type_url.rfind('/');
  return slash == std::string::npos ? type_url : type_url.substr(slash + 1);
}

}  // namespace

void FactRules::Add(const std::string& type, Entry entry) {
  // Registration is wiring, done once at start-up: a second check for a type is a bug.
  STEM_CHECK(entries_.emplace(type, std::move(entry)).second, "one fact rule per type");
}

absl::Status FactRules::Check(const google::protobuf::Message& fact) const {
  auto entry = entries_.find(fact.GetDescriptor()->full_name());
  if (entry == entries_.end()) return absl::OkStatus();
  // A message of the same name but another descriptor (a dynamic message) would be cast to
  // a type it is not.
  STEM_CHECK(fact.GetDescriptor() == entry->second.descriptor,
             "a fact is checked as the type it was registered as");
  return entry->second.check(fact);
}

absl::Status FactRules::CheckPayload(const google::protobuf::Any& payload) const {
  auto entry = entries_.find(TypeName(payload.type_url()));
  if (entry == entries_.end()) return absl::OkStatus();
  std::unique_ptr<google::protobuf::Message> fact = entry->second.make();
  if (!payload.UnpackTo(fact.get())) {
    return MakeError(absl::StatusCode::kInvalidArgument, "FACT_UNREADABLE",
                     "the payload does not parse as " + entry->first);
  }
  return entry->second.check(*fact);
}

}  // namespace stem::events
