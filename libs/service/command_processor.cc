#include "libs/service/command_processor.h"

#include <openssl/sha.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/common/error.h"
#include "libs/service/command_guard.h"
#include "libs/service/fact_key_currency.h"

namespace stem::service {
namespace {

// Attempts before a command under heavy contention gives up with ABORTED.
constexpr int kMaxAttempts = 16;
constexpr size_t kMaxRequestIdLength = 128;

absl::Status Conflict(const CommandTarget& target, int64_t actual) {
  return MakeError(
      absl::StatusCode::kAborted, "VERSION_CONFLICT",
      absl::StrCat(target.aggregate_type, " ", target.aggregate_id, " is at version ", actual,
                   ", not ", target.expected_version.value_or(-1), "; read it again and retry"));
}

}  // namespace

std::string RequestDigest(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* field = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

CommandProcessor::CommandProcessor(eventlog::EventLog& log, BackgroundProjection& projection,
                                   const projection::StateReader& state, const clock::Clock& clock,
                                   const events::EventFactory& factory,
                                   const events::FactRules& fact_rules)
    : log_(log),
      projection_(projection),
      state_(state),
      clock_(clock),
      factory_(factory),
      fact_rules_(fact_rules) {}

absl::StatusOr<int32_t> CommandProcessor::PartitionCount(const std::string& topic) {
  std::lock_guard lock(partitions_mutex_);
  auto known = partition_counts_.find(topic);
  if (known == partition_counts_.end()) {
    auto count = log_.PartitionCount(topic);  // from metadata the log keeps fresh
    if (!count.ok()) return count.status();
    known = partition_counts_.emplace(topic, *count).first;
  }
  return known->second;
}

absl::StatusOr<eventlog::TopicPartition> CommandProcessor::PartitionOf(
    const CommandTarget& target) {
  auto count = PartitionCount(target.topic);
  if (!count.ok()) return count.status();
  return eventlog::TopicPartition{target.topic,
                                  eventlog::PartitionForKey(target.aggregate_id, *count)};
}

absl::StatusOr<std::string> CommandProcessor::SigningKey(
    const eventlog::TopicPartition& partition) {
  const events::FactKeyRing* keys = fact_rules_.keys();
  if (keys == nullptr) return std::string();
  auto current = LoadFactKeyRecord(state_, partition);
  if (!current.ok()) return current.status();
  return *current ? (*current)->key_id() : keys->signing_key_id();
}

absl::StatusOr<std::string> CommandProcessor::Seal(events::v1::EventEnvelope event,
                                                   const google::protobuf::Message& fact,
                                                   const std::string& signing_key) const {
  const events::FactKeyRing* keys = fact_rules_.keys();
  if (keys == nullptr) return event.SerializeAsString();
  // A rotation is signed with the key it makes current.
  if (const auto* rotated = dynamic_cast<const events::v1::FactKeyRotated*>(&fact)) {
    return keys->Seal(std::move(event), rotated->key_id());
  }
  return keys->Seal(std::move(event), signing_key);
}

absl::StatusOr<std::optional<CommandOutcome>> CommandProcessor::EarlierAnswer(
    const CommandTarget& target, const std::string& request_id, const std::string& digest) {
  auto request = LoadRequestRecord(state_, target.aggregate_type, target.aggregate_id, request_id);
  if (!request.ok()) return request.status();
  if (!*request) return std::optional<CommandOutcome>();
  if ((*request)->request_digest() != digest) {
    return MakeError(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED",
                     "request id " + request_id +
                         " was used before for a different request; use a new request id");
  }
  auto command = LoadCommandRecord(state_, (*request)->command_id());
  if (!command.ok()) return command.status();
  if (!*command) {
    return absl::InternalError("request " + request_id + " points to a command with no record");
  }
  return std::optional<CommandOutcome>(CommandOutcome{**command, true});
}

void CommandProcessor::SetRefusal(absl::Status refusal) {
  std::lock_guard<std::mutex> lock(refusal_mutex_);
  refusal_ = std::move(refusal);
}

absl::StatusOr<CommandOutcome> CommandProcessor::Execute(const events::CommandContext& context,
                                                         const google::protobuf::Message& request,
                                                         const CommandTarget& target,
                                                         const Decider& decide,
                                                         absl::Time deadline) {
  {
    std::lock_guard<std::mutex> lock(refusal_mutex_);
    if (!refusal_.ok()) return refusal_;
  }
  if (context.request_id.empty() || context.request_id.size() > kMaxRequestIdLength) {
    return MakeError(absl::StatusCode::kInvalidArgument, "REQUEST_ID_MISSING",
                     "every command needs a request_id (1-128 characters, e.g. a UUID), so that "
                     "it can be retried safely");
  }
  const std::string digest = RequestDigest(request);
  auto partition = PartitionOf(target);
  if (!partition.ok()) return partition.status();

  bool strict = false;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    // A stopped projection (a full disk) cannot tell the command's verdict: refuse before
    // anything is written rather than acknowledge what may never be applied in time.
    if (absl::Status usable = projection_.Usable(); !usable.ok()) return usable;
    // The recent end costs no broker round trip; a state older than what the caller saw
    // (below) is read again up to the strict end.
    absl::Status fresh = strict ? projection_.WaitForLogEnd({*partition}, deadline)
                                : projection_.WaitForRecentEnd(*partition, deadline);
    if (!fresh.ok()) return fresh;
    auto earlier = EarlierAnswer(target, context.request_id, digest);
    if (!earlier.ok()) return earlier.status();
    if (*earlier) return **earlier;

    auto aggregate = LoadAggregateRecord(state_, target.aggregate_type, target.aggregate_id);
    if (!aggregate.ok()) return aggregate.status();
    if (!aggregate->open_command_id().empty()) {
      // Another attempt's facts are arriving; they were appended together, so this is brief.
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
      continue;
    }
    if (target.expected_version && *target.expected_version > aggregate->version() && !strict) {
      // The caller saw a version this replica has not read yet (written elsewhere since
      // the log last told it the partition's end): read up to the strict end first.
      strict = true;
      continue;
    }
    if (target.expected_version && *target.expected_version != aggregate->version()) {
      return Conflict(target, aggregate->version());
    }
    auto facts = decide(Decision{aggregate->version(), state_, clock_.Now()});
    if (!facts.ok()) return facts.status();
    for (const auto& fact : *facts) {
      if (absl::Status valid = fact_rules_.Check(*fact); !valid.ok()) return valid;
    }
    if (facts->empty()) {
      CommandOutcome unchanged;
      unchanged.record.set_verdict(commands::v1::COMMAND_VERDICT_ACCEPTED);
      unchanged.record.set_first_version(aggregate->version());
      return unchanged;
    }

    // One partition for all the facts of an attempt: one key signs them.
    auto signing_key = SigningKey(*partition);
    if (!signing_key.ok()) return signing_key.status();
    const std::string command_id = events::NewUuid();
    std::vector<eventlog::OutgoingRecord> records;
    std::string previous_hash = aggregate->last_hash();
    for (size_t i = 0; i < facts->size(); ++i) {
      events::v1::EventEnvelope event =
          factory_.Make(context,
                        {target.aggregate_type, target.aggregate_id,
                         aggregate->version() + 1 + static_cast<int64_t>(i)},
                        *(*facts)[i]);
      event.set_command_id(command_id);
      event.set_command_event_index(static_cast<int32_t>(i));
      event.set_command_event_count(static_cast<int32_t>(facts->size()));
      event.set_request_digest(digest);
      event.set_previous_hash(previous_hash);
      auto bytes = Seal(std::move(event), *(*facts)[i], *signing_key);
      if (!bytes.ok()) return bytes.status();
      previous_hash = FactHash(*bytes);
      records.push_back({target.topic, target.aggregate_id, *std::move(bytes)});
    }
    auto positions = log_.Append(std::move(records), deadline);
    if (!positions.ok()) return positions.status();
    eventlog::Positions written;
    for (const eventlog::RecordPosition& position : *positions) {
      int64_t& next = written[position.topic_partition];
      next = std::max(next, position.offset + 1);
    }
    if (absl::Status applied = projection_.WaitFor(written, deadline); !applied.ok()) {
      return applied;
    }
    auto verdict = LoadCommandRecord(state_, command_id);
    if (!verdict.ok()) return verdict.status();
    if (!*verdict) {
      return absl::InternalError("the projection applied command " + command_id +
                                 " without recording its verdict");
    }
    switch ((*verdict)->verdict()) {
      case commands::v1::COMMAND_VERDICT_ACCEPTED:
        return CommandOutcome{**verdict, false};
      case commands::v1::COMMAND_VERDICT_VERSION_CONFLICT:
        if (target.expected_version) {
          auto now = LoadAggregateRecord(state_, target.aggregate_type, target.aggregate_id);
          return Conflict(target, now.ok() ? now->version() : -1);
        }
        break;  // decide again on the newer state
      case commands::v1::COMMAND_VERDICT_STALE_FACT_KEY:
        break;  // a rotation came first: sign again with the key it made current
      default:
        break;  // a duplicate request: the next round answers with the earlier result
    }
  }
  return MakeError(absl::StatusCode::kAborted, "CONTENTION",
                   absl::StrCat("gave up after ", kMaxAttempts, " attempts on ",
                                target.aggregate_type, " ", target.aggregate_id,
                                ": too many concurrent commands; retry with the same request id"));
}

}  // namespace stem::service
