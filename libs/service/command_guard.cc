#include "libs/service/command_guard.h"

#include <openssl/sha.h>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/projection/quarantine.h"
#include "libs/projection/state_bytes.h"
#include "libs/service/fact_key_currency.h"

namespace stem::service {
namespace {

using commands::v1::AggregateRecord;
using commands::v1::CommandRecord;
using commands::v1::RequestRecord;

// NUL-separated, so that ids may hold any printable character.
std::string AggregateKey(const std::string& type, const std::string& id) {
  return absl::StrCat("~a", std::string(1, '\0'), type, std::string(1, '\0'), id);
}
std::string CommandKey(const std::string& command_id) {
  return absl::StrCat("~c", std::string(1, '\0'), command_id);
}
std::string RequestKey(const std::string& type, const std::string& id,
                       const std::string& request_id) {
  return absl::StrCat("~r", std::string(1, '\0'), type, std::string(1, '\0'), id,
                      std::string(1, '\0'), request_id);
}

// The offset big-endian, so that a partition's marks sort in log order.
std::string PassedOverKey(const eventlog::TopicPartition& partition, int64_t offset) {
  std::string key = absl::StrCat("~x", std::string(1, '\0'), partition.topic, std::string(1, '\0'));
  for (int shift = 24; shift >= 0; shift -= 8)
    key.push_back(static_cast<char>(partition.partition >> shift));
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(offset >> shift));
  return key;
}

// A record that takes no part in the history: the fact stream (fact_stream_service.h) leaves it
// out.
void PassOver(projection::Batch& batch, const eventlog::Record& record) {
  batch.Put(PassedOverKey(record.topic_partition, record.offset), "");
}

template <typename Message>
absl::StatusOr<std::optional<Message>> Load(const projection::StateReader& state,
                                            const std::string& key) {
  auto value = state.Get(key);
  if (!value.ok()) return value.status();
  if (!*value) return std::optional<Message>();
  Message message;
  if (!message.ParseFromString(**value)) {
    return absl::DataLossError("unreadable command record under a key of kind " + key.substr(0, 2));
  }
  return std::optional<Message>(std::move(message));
}

void Store(projection::Batch& batch, const std::string& key,
           const google::protobuf::Message& message) {
  batch.Put(key, projection::StateBytes(message));
}

}  // namespace

std::string FactHash(std::string_view record_value) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(record_value.data()), record_value.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

absl::StatusOr<AggregateRecord> LoadAggregateRecord(const projection::StateReader& state,
                                                    const std::string& aggregate_type,
                                                    const std::string& aggregate_id) {
  auto record = Load<AggregateRecord>(state, AggregateKey(aggregate_type, aggregate_id));
  if (!record.ok()) return record.status();
  return record->value_or(AggregateRecord());
}

absl::StatusOr<std::optional<CommandRecord>> LoadCommandRecord(const projection::StateReader& state,
                                                               const std::string& command_id) {
  return Load<CommandRecord>(state, CommandKey(command_id));
}

absl::StatusOr<std::optional<RequestRecord>> LoadRequestRecord(const projection::StateReader& state,
                                                               const std::string& aggregate_type,
                                                               const std::string& aggregate_id,
                                                               const std::string& request_id) {
  return Load<RequestRecord>(state, RequestKey(aggregate_type, aggregate_id, request_id));
}

absl::StatusOr<bool> WasPassedOver(const projection::StateReader& state,
                                   const eventlog::TopicPartition& partition, int64_t offset) {
  auto mark = state.Get(PassedOverKey(partition, offset));
  if (!mark.ok()) return mark.status();
  return mark->has_value();
}

absl::Status GuardedProjector::ApplyOrSetAside(const events::v1::EventEnvelope& event,
                                               const eventlog::Record& record,
                                               projection::Batch& batch) {
  if (absl::Status valid = rules_.CheckPayload(event.payload()); !valid.ok()) {
    projection::SetAside(batch, record, &event, projection::v1::QUARANTINE_REASON_FACT_INVALID,
                         projection::DetailOf(valid));
    return absl::OkStatus();
  }
  batch.SetSavePoint();
  absl::Status applied = inner_.Apply(event, record, batch);
  if (applied.ok()) {
    batch.PopSavePoint();
    return applied;
  }
  batch.RollbackToSavePoint();
  // The store or a dependency failed, not the fact: stop, so that a restart applies it.
  if (!batch.ReadFault().ok() || !projection::IsFactError(applied)) return applied;
  projection::SetAside(batch, record, &event, projection::v1::QUARANTINE_REASON_NOT_APPLICABLE,
                       projection::DetailOf(applied));
  return absl::OkStatus();
}

absl::Status GuardedProjector::CheckRotation(const events::v1::EventEnvelope& event,
                                             const events::v1::FactKeyRotated& rotated,
                                             const eventlog::Record& record,
                                             projection::Batch& batch, bool& set_aside) {
  set_aside = false;
  const events::FactKeyRing* keys = rules_.keys();
  if (keys == nullptr) return absl::OkStatus();
  if (!keys->Has(event.mac_key_id())) {
    return MakeError(absl::StatusCode::kUnavailable, events::kFactKeyUnknown,
                     absl::StrCat(eventlog::ToString(record.topic_partition), "@", record.offset,
                                  " makes fact key ", Quote(event.mac_key_id()),
                                  " current, which this process's key file does not hold: "
                                  "restart it with the key file that does"));
  }
  if (absl::Status signature = CheckRotationSignature(event, rotated); !signature.ok()) {
    projection::SetAside(batch, record, &event, projection::v1::QUARANTINE_REASON_FACT_FORGED,
                         projection::DetailOf(signature));
    set_aside = true;
  }
  return absl::OkStatus();
}

void GuardedProjector::ApplyRotation(const events::v1::EventEnvelope& event,
                                     const events::v1::FactKeyRotated& rotated,
                                     const eventlog::Record& record, projection::Batch& batch) {
  if (absl::Status valid = rules_.CheckPayload(event.payload()); !valid.ok()) {
    projection::SetAside(batch, record, &event, projection::v1::QUARANTINE_REASON_FACT_INVALID,
                         projection::DetailOf(valid));
    return;
  }
  commands::v1::FactKeyRecord current;
  current.set_key_id(rotated.key_id());
  current.set_since_offset(record.offset);
  StoreFactKeyRecord(batch, record.topic_partition, current);
}

absl::StatusOr<bool> GuardedProjector::SignedWithStaleKey(
    const events::v1::EventEnvelope& event, const eventlog::Record& record,
    const projection::StateReader& state) const {
  if (rules_.keys() == nullptr) return false;
  auto current = LoadFactKeyRecord(state, record.topic_partition);
  if (!current.ok()) return current.status();
  return NamesRetiredKey(event, *current ? (*current)->key_id() : "");
}

absl::Status GuardedProjector::Apply(const events::v1::EventEnvelope& event,
                                     const eventlog::Record& record, projection::Batch& batch) {
  auto rotated = AsFactKeyRotated(event);
  if (!rotated.ok()) {
    projection::SetAside(batch, record, &event, projection::v1::QUARANTINE_REASON_FACT_INVALID,
                         projection::DetailOf(rotated.status()));
    return absl::OkStatus();
  }
  if (*rotated) {
    bool set_aside = false;
    if (absl::Status checked = CheckRotation(event, **rotated, record, batch, set_aside);
        !checked.ok() || set_aside) {
      return checked;
    }
  }
  // A fact none of the suite's writers made takes no place in its aggregate's history:
  // nothing a forger appends can take a version from the commands that follow.
  if (absl::Status keyed = rules_.CheckRecord(record.value, event); !keyed.ok()) {
    projection::SetAside(batch, record, &event, projection::v1::QUARANTINE_REASON_FACT_FORGED,
                         projection::DetailOf(keyed));
    return absl::OkStatus();
  }
  // A fact written outside the command processor is an attempt of its own.
  const std::string& command_id =
      event.command_id().empty() ? event.event_id() : event.command_id();
  const int32_t count = std::max(1, event.command_event_count());
  const std::string& type = event.aggregate_type();
  const std::string& id = event.aggregate_id();

  auto aggregate = LoadAggregateRecord(batch, type, id);
  if (!aggregate.ok()) return aggregate.status();

  if (event.command_event_index() == 0) {
    // An attempt is judged once: the same first fact again (its record repeated in the log)
    // is not another attempt, and must not overwrite the verdict its request points to.
    auto judged = LoadCommandRecord(batch, command_id);
    if (!judged.ok()) return judged.status();
    if (*judged) {
      PassOver(batch, record);  // the attempt's first record repeated
      return absl::OkStatus();
    }
    CommandRecord verdict;
    verdict.set_aggregate_type(type);
    verdict.set_aggregate_id(id);
    verdict.set_request_id(event.request_id());
    if (!event.request_id().empty()) {
      auto earlier = LoadRequestRecord(batch, type, id, event.request_id());
      if (!earlier.ok()) return earlier.status();
      if (*earlier) {
        verdict.set_verdict(commands::v1::COMMAND_VERDICT_DUPLICATE_REQUEST);
        Store(batch, CommandKey(command_id), verdict);
        PassOver(batch, record);
        return absl::OkStatus();
      }
    }
    if (!*rotated) {
      auto stale = SignedWithStaleKey(event, record, batch);
      if (!stale.ok()) return stale.status();
      if (*stale) {
        verdict.set_verdict(commands::v1::COMMAND_VERDICT_STALE_FACT_KEY);
        Store(batch, CommandKey(command_id), verdict);
        PassOver(batch, record);
        return absl::OkStatus();
      }
    }
    if (!aggregate->open_command_id().empty() ||
        event.aggregate_version() != aggregate->version() + 1) {
      verdict.set_verdict(commands::v1::COMMAND_VERDICT_VERSION_CONFLICT);
      Store(batch, CommandKey(command_id), verdict);
      PassOver(batch, record);
      return absl::OkStatus();
    }
    verdict.set_verdict(commands::v1::COMMAND_VERDICT_ACCEPTED);
    verdict.set_first_version(event.aggregate_version());
    verdict.set_event_count(count);
    verdict.add_event_ids(event.event_id());
    Store(batch, CommandKey(command_id), verdict);
    if (!event.request_id().empty()) {
      RequestRecord request;
      request.set_command_id(command_id);
      request.set_request_digest(event.request_digest());
      Store(batch, RequestKey(type, id, event.request_id()), request);
    }
    aggregate->set_version(event.aggregate_version());
    aggregate->set_last_hash(FactHash(record.value));
    if (count > 1) {
      aggregate->set_open_command_id(command_id);
      aggregate->set_open_remaining(count - 1);
    }
    Store(batch, AggregateKey(type, id), *aggregate);
    if (*rotated) {
      ApplyRotation(event, **rotated, record, batch);
      return absl::OkStatus();
    }
    return ApplyOrSetAside(event, record, batch);
  }

  auto attempt = LoadCommandRecord(batch, command_id);
  if (!attempt.ok()) return attempt.status();
  if (!*attempt || (*attempt)->verdict() != commands::v1::COMMAND_VERDICT_ACCEPTED) {
    PassOver(batch, record);  // a later fact of a refused attempt
    return absl::OkStatus();
  }
  for (const std::string& applied : (*attempt)->event_ids()) {
    if (applied == event.event_id()) {
      PassOver(batch, record);  // its record repeated
      return absl::OkStatus();
    }
  }
  // An accepted attempt's facts were appended atomically, in order, to one partition: any
  // other order means the log is not what the writers wrote.
  if (aggregate->open_command_id() != command_id ||
      event.aggregate_version() != aggregate->version() + 1) {
    return absl::DataLossError(absl::StrCat(
        "event ", event.event_id(), " (", type, " ", id, " version ", event.aggregate_version(),
        ") continues command ", command_id, " out of order at ",
        eventlog::ToString(record.topic_partition), "@", record.offset));
  }
  (*attempt)->add_event_ids(event.event_id());
  Store(batch, CommandKey(command_id), **attempt);
  aggregate->set_version(event.aggregate_version());
  aggregate->set_last_hash(FactHash(record.value));
  aggregate->set_open_remaining(aggregate->open_remaining() - 1);
  if (aggregate->open_remaining() == 0) aggregate->clear_open_command_id();
  Store(batch, AggregateKey(type, id), *aggregate);
  return ApplyOrSetAside(event, record, batch);
}

}  // namespace stem::service
