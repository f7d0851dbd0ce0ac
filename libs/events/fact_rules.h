// The validity rules of facts: one check per fact type, registered explicitly, run in three
// places with the same outcome (rulebook section 9):
//   - the command processor, on a command's facts before they are appended: a fact the
//     suite could not apply is never written (the caller hears why, INVALID_ARGUMENT);
//   - the command guard in every projection and replay: a fact in the log that breaks its
//     rules anyway (an older writer, a forgery) is set aside, not applied (quarantine.h);
//   - hence the audit, whose rebuilds run the same guard and name what was set aside.
// A type without a check passes: its projector still refuses what it cannot apply.
#ifndef STEM_LIBS_EVENTS_FACT_RULES_H_
#define STEM_LIBS_EVENTS_FACT_RULES_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/message.h"
#include "libs/events/fact_mac.h"
#include "libs/events/field_limits.h"

namespace stem::events {

class FactRules {
 public:
  // `check` returns OK for a valid fact, or INVALID_ARGUMENT with a reason (e.g.
  // DATE_OUT_OF_RANGE, TEXT_INVALID) saying what is wrong. One check per type.
  template <typename Fact>
  void Register(std::function<absl::Status(const Fact&)> check) {
    Entry entry;
    entry.descriptor = Fact::descriptor();
    entry.make = [] { return std::make_unique<Fact>(); };
    entry.check = [check = std::move(check)](const google::protobuf::Message& fact) {
      return check(static_cast<const Fact&>(fact));
    };
    Add(Fact::descriptor()->full_name(), std::move(entry));
  }

  // The usual registration: the limits the fact's fields declare (field_limits.h: text,
  // dates, instants, list sizes), then `more` (what the fields cannot say alone, e.g. a
  // period that ends before it starts), when given.
  template <typename Fact>
  void RegisterDeclared(std::function<absl::Status(const Fact&)> more = nullptr) {
    Register<Fact>([more = std::move(more)](const Fact& fact) {
      if (absl::Status declared = CheckFieldLimits(fact, kFactLimits); !declared.ok()) {
        return declared;
      }
      return more ? more(fact) : absl::OkStatus();
    });
  }

  // The check of the fact's type; OK when it has none. `fact` must be of the generated
  // type that was registered (as a command's facts are).
  absl::Status Check(const google::protobuf::Message& fact) const;

  // A fact as the log carries it: unpacked by its type URL, then checked. A payload that
  // names a registered type but does not parse as it is refused too.
  absl::Status CheckPayload(const google::protobuf::Any& payload) const;

  // The suite's fact keys (fact_mac.h), not owned. Once set, the command processor seals
  // every fact it appends with them, and every reader (command guard, audit) accepts only
  // records whose MAC they verify. Unset (no key file): facts are neither sealed nor checked.
  void SetKeys(const FactKeyRing* keys) { keys_ = keys; }
  const FactKeyRing* keys() const { return keys_; }
  // OK without keys; INVALID_ARGUMENT / FACT_FORGED when the record's MAC does not hold.
  absl::Status CheckRecord(std::string_view record, const v1::EventEnvelope& parsed) const {
    return keys_ == nullptr ? absl::OkStatus() : keys_->Verify(record, parsed);
  }

  size_t size() const { return entries_.size(); }
  bool Has(const std::string& type) const { return entries_.count(type) != 0; }

 private:
  struct Entry {
    const google::protobuf::Descriptor* descriptor = nullptr;
    std::function<std::unique_ptr<google::protobuf::Message>()> make;
    std::function<absl::Status(const google::protobuf::Message&)> check;
  };
  void Add(const std::string& type, Entry entry);

  std::map<std::string, Entry> entries_;
  const FactKeyRing* keys_ = nullptr;
};

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_FACT_RULES_H_
