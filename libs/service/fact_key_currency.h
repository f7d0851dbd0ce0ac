// Which fact key signs in each partition of a topic (rulebook section 9, fact_mac.h): the
// key of the last accepted FactKeyRotated in that partition. The command guard keeps it per
// partition (the same in every replica and replay, as it follows the log's order); the
// command processor signs with it; a fact of the partition that names an older key is a
// refused attempt (COMMAND_VERDICT_STALE_FACT_KEY), so a stolen retired key signs nothing
// that is accepted, while the facts before the rotation keep verifying with their key.
#ifndef STEM_LIBS_SERVICE_FACT_KEY_CURRENCY_H_
#define STEM_LIBS_SERVICE_FACT_KEY_CURRENCY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/projection/projector.h"
#include "stem/commands/v1/command_records.pb.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/events/v1/fact_key_rotated.pb.h"

namespace stem::service {

class CommandProcessor;

inline constexpr char kFactKeyAggregateType[] = "fact-key";

// The id of the fact-key aggregate that lives in `partition` of `topic` (of `partitions`
// partitions): "<topic>/<p>" with the first suffix ".<n>" that the log's partitioner places
// there, so that every reader derives the same id. Naming the topic keeps the aggregates
// of different topics apart in a projection that reads several.
std::string FactKeyAggregateId(const std::string& topic, int32_t partition, int32_t partitions);

// The payload of `event` when it is a FactKeyRotated, nullopt for any other fact.
// INVALID_ARGUMENT when it names that type but does not parse.
absl::StatusOr<std::optional<events::v1::FactKeyRotated>> AsFactKeyRotated(
    const events::v1::EventEnvelope& event);

// The rules of fact key currency, one encoding for the command guard and the audit:
//   - a rotation's own record must be signed with the key it makes current
//     (INVALID_ARGUMENT / FACT_FORGED otherwise);
//   - an attempt that is not a rotation must name its partition's current key
//     (`current_key_id`; empty before the partition's first rotation, when any key goes).
absl::Status CheckRotationSignature(const events::v1::EventEnvelope& event,
                                    const events::v1::FactKeyRotated& rotated);
bool NamesRetiredKey(const events::v1::EventEnvelope& event, std::string_view current_key_id);

absl::StatusOr<std::optional<commands::v1::FactKeyRecord>> LoadFactKeyRecord(
    const projection::StateReader& state, const eventlog::TopicPartition& partition);
void StoreFactKeyRecord(projection::Batch& batch, const eventlog::TopicPartition& partition,
                        const commands::v1::FactKeyRecord& record);

// The rules of FactKeyRotated (events::FactRules): key ids as the key file has them, and a
// key check of 16 lowercase hex digits.
void RegisterFactKeyRules(events::FactRules& rules);

// Makes the key file's newest key current in every partition of `topic` where an older one
// (or none) is: one FactKeyRotated per partition, through `commands` (so concurrent replicas
// announce it once). Nothing to do when the partitions already use it or a newer key, or
// without a key file. Called at start, once the projection has caught up.
absl::Status AnnounceFactKey(CommandProcessor& commands, const std::string& topic,
                             absl::Time deadline);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_FACT_KEY_CURRENCY_H_
