#include "libs/service/fact_key_currency.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "libs/common/check.h"
#include "libs/common/error.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"
#include "libs/service/command_processor.h"

namespace stem::service {
namespace {

// NUL-separated like the guard's other records ('~a', '~c', '~r').
std::string FactKeyKey(const eventlog::TopicPartition& partition) {
  return absl::StrCat("~k", std::string(1, '\0'), partition.topic, std::string(1, '\0'),
                      partition.partition);
}

constexpr int kMaxSuffixes = 1 << 20;

}  // namespace

std::string FactKeyAggregateId(const std::string& topic, int32_t partition, int32_t partitions) {
  for (int suffix = 0; suffix < kMaxSuffixes; ++suffix) {
    std::string id = absl::StrCat(topic, "/", partition, ".", suffix);
    if (eventlog::PartitionForKey(id, partitions) == partition) return id;
  }
  // murmur2 spreads keys evenly: a partition no suffix reaches is a broken partitioner.
  STEM_CHECK(false, "some suffix places a fact-key aggregate in every partition");
  return "";
}

absl::StatusOr<std::optional<events::v1::FactKeyRotated>> AsFactKeyRotated(
    const events::v1::EventEnvelope& event) {
  if (!event.payload().Is<events::v1::FactKeyRotated>()) {
    return std::optional<events::v1::FactKeyRotated>();
  }
  events::v1::FactKeyRotated rotated;
  if (!event.payload().UnpackTo(&rotated)) {
    return MakeError(absl::StatusCode::kInvalidArgument, "FACT_UNREADABLE",
                     "the payload does not parse as stem.events.v1.FactKeyRotated");
  }
  return std::optional<events::v1::FactKeyRotated>(std::move(rotated));
}

absl::Status CheckRotationSignature(const events::v1::EventEnvelope& event,
                                    const events::v1::FactKeyRotated& rotated) {
  if (rotated.key_id() == event.mac_key_id()) return absl::OkStatus();
  return MakeError(absl::StatusCode::kInvalidArgument, events::kFactForged,
                   "a fact key rotation signed with another key than the one it names");
}

bool NamesRetiredKey(const events::v1::EventEnvelope& event, std::string_view current_key_id) {
  return !current_key_id.empty() && event.mac_key_id() != current_key_id;
}

absl::StatusOr<std::optional<commands::v1::FactKeyRecord>> LoadFactKeyRecord(
    const projection::StateReader& state, const eventlog::TopicPartition& partition) {
  return projection::LoadMessage<commands::v1::FactKeyRecord>(state, FactKeyKey(partition));
}

void StoreFactKeyRecord(projection::Batch& batch, const eventlog::TopicPartition& partition,
                        const commands::v1::FactKeyRecord& record) {
  batch.Put(FactKeyKey(partition), projection::StateBytes(record));
}

void RegisterFactKeyRules(events::FactRules& rules) {
  rules.RegisterDeclared<events::v1::FactKeyRotated>(
      [](const events::v1::FactKeyRotated& rotated) -> absl::Status {
        const bool previous_valid = rotated.previous_key_id().empty() ||
                                    events::IsValidFactKeyId(rotated.previous_key_id());
        if (!events::IsValidFactKeyId(rotated.key_id()) || !previous_valid) {
          return MakeError(absl::StatusCode::kInvalidArgument, "FACT_KEY_ID_INVALID",
                           "a fact key id is 1-32 of [a-z0-9_-]");
        }
        const std::string& check = rotated.key_check();
        if (check.size() != 16 ||
            check.find_first_not_of("0123456789abcdef") != std::string::npos) {
          return MakeError(absl::StatusCode::kInvalidArgument, "FACT_KEY_CHECK_INVALID",
                           "a fact key check is 16 lowercase hex digits");
        }
        return absl::OkStatus();
      });
}

absl::Status AnnounceFactKey(CommandProcessor& commands, const std::string& topic,
                             absl::Time deadline) {
  const events::FactKeyRing* keys = commands.fact_rules().keys();
  if (keys == nullptr) return absl::OkStatus();
  auto partitions = commands.PartitionCount(topic);
  if (!partitions.ok()) return partitions.status();
  const std::string& newest = keys->signing_key_id();
  events::v1::FactKeyRotated request;
  request.set_key_id(newest);
  events::CommandContext context;
  context.actor.set_role(identity::v1::ACTOR_ROLE_SYSTEM);
  context.actor.set_identity("fact-key-rotation");
  // One announcement of a key per partition, however many replicas start with it.
  context.request_id = "fact-key-" + newest;
  for (int32_t partition = 0; partition < *partitions; ++partition) {
    const eventlog::TopicPartition where{topic, partition};
    const Decider decide = [&](const Decision& decision) -> absl::StatusOr<Facts> {
      auto current = LoadFactKeyRecord(decision.state, where);
      if (!current.ok()) return current.status();
      const std::string previous = *current ? (*current)->key_id() : "";
      Facts facts;
      if (!keys->IsNewer(newest, previous)) return facts;
      auto rotated = std::make_unique<events::v1::FactKeyRotated>();
      rotated->set_key_id(newest);
      rotated->set_previous_key_id(previous);
      rotated->set_key_check(keys->KeyCheck(newest));
      facts.push_back(std::move(rotated));
      return facts;
    };
    auto outcome =
        commands.Execute(context, request,
                         {topic, kFactKeyAggregateType,
                          FactKeyAggregateId(topic, partition, *partitions), std::nullopt},
                         decide, deadline);
    if (!outcome.ok()) return outcome.status();
  }
  return absl::OkStatus();
}

}  // namespace stem::service
