// The write path of every service: validate, decide, append, wait, answer.
//
//   1. A request id answered before for this aggregate returns that answer (the same
//      request) or INVALID_ARGUMENT REQUEST_ID_REUSED (a different request with the id).
//   2. The replica catches up with the log's end in the aggregate's partition, so that it
//      decides on the latest state.
//   3. The decider validates the command against that state and returns its facts, or an
//      error: nothing is written for an invalid command. The facts must meet their rules
//      (events::FactRules), the same the projections apply.
//   4. The facts are appended atomically with the aggregate's next versions.
//   5. The replica waits until its projection holds them (read-your-writes) and reads the
//      verdict of the command guard (command_guard.h): accepted, or another replica's
//      attempt took the version first, in which case it decides again from step 1 - unless
//      the caller named the version it expected: then ABORTED VERSION_CONFLICT. The same
//      when a fact key rotation came first (fact_key_currency.h): it signs again.
#ifndef STEM_LIBS_SERVICE_COMMAND_PROCESSOR_H_
#define STEM_LIBS_SERVICE_COMMAND_PROCESSOR_H_

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "libs/clock/clock.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/event_factory.h"
#include "libs/events/fact_rules.h"
#include "libs/service/background_projection.h"
#include "stem/commands/v1/command_records.pb.h"

namespace stem::service {

struct CommandTarget {
  std::string topic;
  std::string aggregate_type;
  std::string aggregate_id;
  // When set, the command applies only to this version of the aggregate (0: it must not
  // exist yet).
  std::optional<int64_t> expected_version;
};

// What a decider sees.
struct Decision {
  // The aggregate's current version (0 when it has no facts yet).
  int64_t version = 0;
  // The service's projection, caught up with the aggregate's partition.
  const projection::StateReader& state;
  // The suite's clock when the decision is taken.
  absl::Time now;
};

using Facts = std::vector<std::unique_ptr<google::protobuf::Message>>;
// Validates the command against the state and returns its facts in order, or an error with
// a reason. Must not write anything. May be called more than once for one command.
using Decider = std::function<absl::StatusOr<Facts>(const Decision&)>;

struct CommandOutcome {
  // The accepted attempt: its versions and event ids. Empty event ids: the decider found
  // nothing to change.
  commands::v1::CommandRecord record;
  // True when this is the answer given to an earlier request with the same id.
  bool repeated = false;
  // Positions this replica had applied when it answered, in the command's partition: past
  // the command's facts. A query on any replica that waits for them reads the command's
  // effect (the consistency token, call.h).
  eventlog::Positions applied_through;
};

// The aggregate's version after the command.
inline int64_t LastVersion(const CommandOutcome& outcome) {
  return outcome.record.first_version() + std::max(0, outcome.record.event_count() - 1);
}

// The optional expected_version of a command request.
template <typename Request>
std::optional<int64_t> ExpectedVersion(const Request& request) {
  return request.has_expected_version() ? std::optional<int64_t>(request.expected_version())
                                        : std::nullopt;
}

// One command of a batch (CommandProcessor::ExecuteBatch): what Execute takes, with the
// request message not owned.
struct BatchCommand {
  events::CommandContext context;
  const google::protobuf::Message* request = nullptr;
  CommandTarget target;
  Decider decide;
};

class CommandProcessor {
 public:
  // Nothing is owned; all must outlive the processor. Every fact a decider returns must
  // meet `fact_rules` before anything is appended (INVALID_ARGUMENT with the rule's reason
  // otherwise): a fact a projection would set aside is never written.
  CommandProcessor(eventlog::EventLog& log, BackgroundProjection& projection,
                   const projection::StateReader& state, const clock::Clock& clock,
                   const events::EventFactory& factory, const events::FactRules& fact_rules);

  // `request` is the command's request message; its field `request_id` is the
  // idempotency key (required) and the rest of it is the request's digest.
  absl::StatusOr<CommandOutcome> Execute(const events::CommandContext& context,
                                         const google::protobuf::Message& request,
                                         const CommandTarget& target, const Decider& decide,
                                         absl::Time deadline);
  // The same, for a command already put together (a bound handler's: command_frame.h).
  absl::StatusOr<CommandOutcome> Execute(const BatchCommand& command, absl::Time deadline);

  // Executes the commands as Execute would execute each, answers in the order given, but
  // in rounds that share their waits: a round takes the first unanswered command of every
  // aggregate (so an aggregate's commands are decided in order, each on the state its
  // predecessor left), waits once per partition for freshness, appends the facts of every
  // decided command in one atomic append, and waits once for read-your-writes. A command
  // that lost its version to another replica is decided again in the next round. An
  // append that fails answers its error to every command of the round (their facts may be
  // in the log: retried with the same request ids, they are answered from there).
  // Commands on different aggregates are decided on one state, as concurrent commands on
  // two replicas would be.
  std::vector<absl::StatusOr<CommandOutcome>> ExecuteBatch(
      const std::vector<BatchCommand>& commands, absl::Time deadline);

  const events::FactRules& fact_rules() const { return fact_rules_; }

  // While `refusal` is not OK, Execute answers it at once and writes nothing (a runtime
  // rebuilding its store refuses commands: store_generations.h). OK admits commands again.
  void SetRefusal(absl::Status refusal);
  // Cached after the first answer: a topic's partition count does not change.
  absl::StatusOr<int32_t> PartitionCount(const std::string& topic);

 private:
  // Where one command stands between its attempts.
  struct Pending {
    const BatchCommand* command = nullptr;
    // Set once the command has its answer.
    std::optional<absl::StatusOr<CommandOutcome>> result;
    std::string digest;
    eventlog::TopicPartition partition;
    // Read up to the log's strict end before deciding (the caller saw a newer version).
    bool strict = false;
    // The attempt whose facts were appended last.
    std::string command_id;
    // Attempts taken so far (ExecuteBatch).
    int attempts = 0;
    // Attempts whose facts were appended (the record headers name each one's number).
    int appended_attempts = 0;
  };
  enum class Step { kAnswered, kReadFurther, kWaitForOpenAttempt, kAppend };

  absl::Status Refusal() const;
  // The command's checks that need no state (its request id, its partition).
  Pending Begin(const BatchCommand& command);
  // Until the projection holds the command's partition as recent as it must.
  absl::Status Freshen(const Pending& pending, absl::Time deadline);
  // One attempt: answers the command (a repeated request, an invalid command, nothing to
  // change), or asks to try again, or adds its sealed facts to `records` (kAppend).
  Step Decide(Pending& pending, std::vector<eventlog::OutgoingRecord>& records);
  // After the attempt's facts were applied: the guard's verdict, or nothing (try again).
  void ReadVerdict(Pending& pending);
  // Where a command's time went (Execute logs it at debug level: the command's span).
  struct Span {
    absl::Duration freshness;
    absl::Duration decide;
    absl::Duration append;
    absl::Duration apply;
  };
  absl::Status AppendAndWait(std::vector<eventlog::OutgoingRecord> records, absl::Time deadline,
                             Span* span = nullptr);
  static void LogSpan(const BatchCommand& command, const Span& span, absl::Time started,
                      int attempts, const absl::Status& outcome);
  // Sets an accepted answer's applied_through.
  void NoteAppliedThrough(Pending& pending) const;
  absl::StatusOr<eventlog::TopicPartition> PartitionOf(const CommandTarget& target);
  // The key that signs in `partition` (fact_key_currency.h); empty without fact keys.
  absl::StatusOr<std::string> SigningKey(const eventlog::TopicPartition& partition);
  // The record bytes of a fact, sealed with `signing_key` (a rotation with its own key).
  absl::StatusOr<std::string> Seal(events::v1::EventEnvelope event,
                                   const google::protobuf::Message& fact,
                                   const std::string& signing_key) const;
  // The earlier answer to this request id, if there is one.
  absl::StatusOr<std::optional<CommandOutcome>> EarlierAnswer(const CommandTarget& target,
                                                              const std::string& request_id,
                                                              const std::string& digest);

  eventlog::EventLog& log_;
  BackgroundProjection& projection_;
  const projection::StateReader& state_;
  const clock::Clock& clock_;
  const events::EventFactory& factory_;
  const events::FactRules& fact_rules_;
  mutable std::mutex refusal_mutex_;
  absl::Status refusal_;
  std::mutex partitions_mutex_;
  std::map<std::string, int32_t> partition_counts_;
};

// SHA-256 of the request without its `request_id`, serialized deterministically.
std::string RequestDigest(const google::protobuf::Message& request);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_COMMAND_PROCESSOR_H_
