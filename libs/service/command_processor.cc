#include "libs/service/command_processor.h"

#include <openssl/sha.h>

#include <set>
#include <thread>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/common/error.h"
#include "libs/common/log.h"
#include "libs/events/record_headers.h"
#include "libs/metrics/metrics.h"
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

absl::Status GaveUp(const CommandTarget& target) {
  return MakeError(absl::StatusCode::kAborted, "CONTENTION",
                   absl::StrCat("gave up after ", kMaxAttempts, " attempts on ",
                                target.aggregate_type, " ", target.aggregate_id,
                                ": too many concurrent commands; retry with the same request id"));
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
  return std::optional<CommandOutcome>(CommandOutcome{**command, true, {}});
}

void CommandProcessor::SetRefusal(absl::Status refusal) {
  std::lock_guard<std::mutex> lock(refusal_mutex_);
  refusal_ = std::move(refusal);
}

absl::Status CommandProcessor::Refusal() const {
  std::lock_guard<std::mutex> lock(refusal_mutex_);
  return refusal_;
}

CommandProcessor::Pending CommandProcessor::Begin(const BatchCommand& command) {
  Pending pending;
  pending.command = &command;
  if (command.context.request_id.empty() ||
      command.context.request_id.size() > kMaxRequestIdLength) {
    pending.result = MakeError(
        absl::StatusCode::kInvalidArgument, "REQUEST_ID_MISSING",
        "every command needs a request_id (1-128 characters, e.g. a UUID), so that it can be "
        "retried safely");
    return pending;
  }
  pending.digest = RequestDigest(*command.request);
  auto partition = PartitionOf(command.target);
  if (!partition.ok()) {
    pending.result = partition.status();
    return pending;
  }
  pending.partition = *std::move(partition);
  return pending;
}

absl::Status CommandProcessor::Freshen(const Pending& pending, absl::Time deadline) {
  // A stopped projection (a full disk) cannot tell the command's verdict: refuse before
  // anything is written rather than acknowledge what may never be applied in time.
  if (absl::Status usable = projection_.Usable(); !usable.ok()) return usable;
  // The recent end costs no broker round trip; a state older than what the caller saw
  // (Decide) is read again up to the strict end.
  return pending.strict ? projection_.WaitForLogEnd({pending.partition}, deadline)
                        : projection_.WaitForRecentEnd(pending.partition, deadline);
}

CommandProcessor::Step CommandProcessor::Decide(Pending& pending,
                                                std::vector<eventlog::OutgoingRecord>& records) {
  const BatchCommand& command = *pending.command;
  const CommandTarget& target = command.target;
  auto finish = [&](absl::StatusOr<CommandOutcome> result) {
    pending.result = std::move(result);
    return Step::kAnswered;
  };
  auto earlier = EarlierAnswer(target, command.context.request_id, pending.digest);
  if (!earlier.ok()) return finish(earlier.status());
  if (*earlier) return finish(**earlier);

  auto aggregate = LoadAggregateRecord(state_, target.aggregate_type, target.aggregate_id);
  if (!aggregate.ok()) return finish(aggregate.status());
  // Another attempt's facts are arriving; they were appended together, so this is brief.
  if (!aggregate->open_command_id().empty()) return Step::kWaitForOpenAttempt;
  if (target.expected_version && *target.expected_version > aggregate->version() &&
      !pending.strict) {
    // The caller saw a version this replica has not read yet (written elsewhere since the
    // log last told it the partition's end): read up to the strict end first.
    pending.strict = true;
    return Step::kReadFurther;
  }
  if (target.expected_version && *target.expected_version != aggregate->version()) {
    return finish(Conflict(target, aggregate->version()));
  }
  auto facts = command.decide(Decision{aggregate->version(), state_, clock_.Now()});
  if (!facts.ok()) return finish(facts.status());
  for (const auto& fact : *facts) {
    if (absl::Status valid = fact_rules_.Check(*fact); !valid.ok()) return finish(valid);
  }
  if (facts->empty()) {
    CommandOutcome unchanged;
    unchanged.record.set_verdict(commands::v1::COMMAND_VERDICT_ACCEPTED);
    unchanged.record.set_first_version(aggregate->version());
    return finish(unchanged);
  }

  // One partition for all the facts of an attempt: one key signs them.
  auto signing_key = SigningKey(pending.partition);
  if (!signing_key.ok()) return finish(signing_key.status());
  const std::string command_id = events::NewUuid();
  const int attempt = ++pending.appended_attempts;
  std::vector<eventlog::OutgoingRecord> sealed;
  std::string previous_hash = aggregate->last_hash();
  for (size_t i = 0; i < facts->size(); ++i) {
    events::v1::EventEnvelope event =
        factory_.Make(command.context,
                      {target.aggregate_type, target.aggregate_id,
                       aggregate->version() + 1 + static_cast<int64_t>(i)},
                      *(*facts)[i]);
    event.set_command_id(command_id);
    event.set_command_event_index(static_cast<int32_t>(i));
    event.set_command_event_count(static_cast<int32_t>(facts->size()));
    event.set_request_digest(pending.digest);
    event.set_previous_hash(previous_hash);
    events::RecordHeaders headers = events::FactRecordHeaders(event, attempt);
    auto bytes = Seal(std::move(event), *(*facts)[i], *signing_key);
    if (!bytes.ok()) return finish(bytes.status());
    previous_hash = FactHash(*bytes);
    sealed.push_back({target.topic, target.aggregate_id, *std::move(bytes), std::move(headers)});
  }
  for (eventlog::OutgoingRecord& record : sealed) records.push_back(std::move(record));
  pending.command_id = command_id;
  return Step::kAppend;
}

void CommandProcessor::ReadVerdict(Pending& pending) {
  const CommandTarget& target = pending.command->target;
  auto verdict = LoadCommandRecord(state_, pending.command_id);
  if (!verdict.ok()) {
    pending.result = verdict.status();
    return;
  }
  if (!*verdict) {
    pending.result = absl::InternalError("the projection applied command " + pending.command_id +
                                         " without recording its verdict");
    return;
  }
  switch ((*verdict)->verdict()) {
    case commands::v1::COMMAND_VERDICT_ACCEPTED:
      pending.result = CommandOutcome{**verdict, false, {}};
      return;
    case commands::v1::COMMAND_VERDICT_VERSION_CONFLICT:
      if (target.expected_version) {
        auto now = LoadAggregateRecord(state_, target.aggregate_type, target.aggregate_id);
        pending.result = Conflict(target, now.ok() ? now->version() : -1);
      }
      return;  // without an expected version: decide again on the newer state
    case commands::v1::COMMAND_VERDICT_STALE_FACT_KEY:
      return;  // a rotation came first: sign again with the key it made current
    default:
      return;  // a duplicate request: the next round answers with the earlier result
  }
}

absl::Status CommandProcessor::AppendAndWait(std::vector<eventlog::OutgoingRecord> records,
                                             absl::Time deadline, Span* span) {
  static metrics::Family<metrics::Histogram>& append_seconds =
      metrics::ProcessRegistry().AddHistogram(
          "stem_log_append_duration_seconds",
          "A command's atomic append to the log, from the call to its durable answer", {},
          metrics::LatencyBuckets());
  const absl::Time started = absl::Now();
  auto positions = log_.Append(std::move(records), deadline);
  const absl::Time appended = absl::Now();
  append_seconds.With({}).Observe(absl::ToDoubleSeconds(appended - started));
  if (span != nullptr) span->append += appended - started;
  if (!positions.ok()) return positions.status();
  eventlog::Positions written;
  for (const eventlog::RecordPosition& position : *positions) {
    int64_t& next = written[position.topic_partition];
    next = std::max(next, position.offset + 1);
  }
  absl::Status applied = projection_.WaitFor(written, deadline);
  if (span != nullptr) span->apply += absl::Now() - appended;
  return applied;
}

void CommandProcessor::LogSpan(const BatchCommand& command, const Span& span, absl::Time started,
                               int attempts, const absl::Status& outcome) {
  if (!log::Enabled(log::Level::kDebug)) return;
  const auto ms = [](absl::Duration d) { return absl::ToDoubleMilliseconds(d); };
  log::Write(log::Level::kDebug, "command span",
             {{"request_id", command.context.request_id},
              {"correlation_id", command.context.correlation_id},
              {"aggregate_type", command.target.aggregate_type},
              {"aggregate_id", command.target.aggregate_id},
              {"attempts", attempts},
              {"freshness_ms", ms(span.freshness)},
              {"decide_ms", ms(span.decide)},
              {"append_ms", ms(span.append)},
              {"apply_ms", ms(span.apply)},
              {"total_ms", ms(absl::Now() - started)},
              {"status", std::string(absl::StatusCodeToString(outcome.code()))}});
}

absl::StatusOr<CommandOutcome> CommandProcessor::Execute(const events::CommandContext& context,
                                                         const google::protobuf::Message& request,
                                                         const CommandTarget& target,
                                                         const Decider& decide,
                                                         absl::Time deadline) {
  return Execute(BatchCommand{context, &request, target, decide}, deadline);
}

absl::StatusOr<CommandOutcome> CommandProcessor::Execute(const BatchCommand& command,
                                                         absl::Time deadline) {
  if (absl::Status refusal = Refusal(); !refusal.ok()) return refusal;
  const absl::Time started = absl::Now();
  Span span;
  int attempts = 0;
  // The command's span, whatever the way out.
  const auto finish = [&](absl::StatusOr<CommandOutcome> outcome) {
    LogSpan(command, span, started, attempts, outcome.status());
    return outcome;
  };
  Pending pending = Begin(command);
  for (int attempt = 1; attempt <= kMaxAttempts && !pending.result; ++attempt) {
    attempts = attempt;
    absl::Time stage = absl::Now();
    if (absl::Status fresh = Freshen(pending, deadline); !fresh.ok()) return finish(fresh);
    span.freshness += absl::Now() - stage;
    stage = absl::Now();
    std::vector<eventlog::OutgoingRecord> records;
    const Step step = Decide(pending, records);
    span.decide += absl::Now() - stage;
    switch (step) {
      case Step::kAnswered:
      case Step::kReadFurther:
        break;
      case Step::kWaitForOpenAttempt:
        std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
        break;
      case Step::kAppend:
        if (absl::Status applied = AppendAndWait(std::move(records), deadline, &span);
            !applied.ok()) {
          return finish(applied);
        }
        ReadVerdict(pending);
        break;
    }
  }
  if (!pending.result) return finish(GaveUp(command.target));
  NoteAppliedThrough(pending);
  return finish(*std::move(pending.result));
}

void CommandProcessor::NoteAppliedThrough(Pending& pending) const {
  if (!pending.result || !pending.result->ok()) return;
  (*pending.result)->applied_through = {
      {pending.partition, projection_.PositionOf(pending.partition)}};
}

std::vector<absl::StatusOr<CommandOutcome>> CommandProcessor::ExecuteBatch(
    const std::vector<BatchCommand>& commands, absl::Time deadline) {
  std::vector<Pending> pending;
  pending.reserve(commands.size());
  const absl::Status refusal = Refusal();
  for (const BatchCommand& command : commands) {
    pending.push_back(Begin(command));
    if (!refusal.ok()) pending.back().result = refusal;
  }
  // Each command has kMaxAttempts attempts of its own; a command waiting behind others of
  // its aggregate spends none.
  for (int round = 1;; ++round) {
    // Each round takes the first unanswered command of every aggregate, so that the
    // commands of one aggregate are decided in their order, each on its predecessor's state.
    std::vector<Pending*> taken;
    std::set<std::tuple<std::string, std::string, std::string>> aggregates;
    for (Pending& command : pending) {
      if (command.result) continue;
      const CommandTarget& target = command.command->target;
      if (!aggregates.emplace(target.topic, target.aggregate_type, target.aggregate_id).second) {
        continue;
      }
      if (++command.attempts > kMaxAttempts) {
        command.result = GaveUp(target);
        continue;  // the aggregate's next command may go in the next round
      }
      taken.push_back(&command);
    }
    if (taken.empty()) break;

    std::set<std::pair<eventlog::TopicPartition, bool>> freshened;
    std::vector<eventlog::OutgoingRecord> records;
    std::vector<Pending*> appending;
    bool wait_for_open_attempt = false;
    for (Pending* command : taken) {
      if (freshened.emplace(command->partition, command->strict).second) {
        if (absl::Status fresh = Freshen(*command, deadline); !fresh.ok()) {
          command->result = fresh;
          freshened.erase({command->partition, command->strict});
          continue;
        }
      }
      switch (Decide(*command, records)) {
        case Step::kAnswered:
        case Step::kReadFurther:
          break;
        case Step::kWaitForOpenAttempt:
          wait_for_open_attempt = true;
          break;
        case Step::kAppend:
          appending.push_back(command);
          break;
      }
    }
    if (!records.empty()) {
      if (absl::Status applied = AppendAndWait(std::move(records), deadline); !applied.ok()) {
        // The facts may or may not be in the log: the caller retries with the same ids.
        for (Pending* command : appending) command->result = applied;
      } else {
        for (Pending* command : appending) ReadVerdict(*command);
      }
    }
    if (wait_for_open_attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * std::min(round, kMaxAttempts)));
    }
  }
  std::vector<absl::StatusOr<CommandOutcome>> results;
  results.reserve(pending.size());
  for (Pending& command : pending) {
    NoteAppliedThrough(command);
    results.push_back(command.result ? *std::move(command.result)
                                     : GaveUp(command.command->target));
  }
  return results;
}

}  // namespace stem::service
