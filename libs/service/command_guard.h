// Arbitrates concurrent command attempts through the log (docs/ARCHITECTURE.md, "Commands
// and concurrency").
//
// Replicas of a service accept commands for the same aggregate at the same time. Each
// attempt decides its facts from the state it sees and appends them atomically, with the
// next versions of the aggregate. The log orders the attempts, and every projection applies
// the same rule in that order, so all replicas and every replay agree on the outcome:
//   - the first fact of an attempt is accepted iff it carries version + 1, no other attempt
//     of the aggregate is half-applied, and the request id was not answered before for this
//     aggregate;
//   - the later facts of an accepted attempt are accepted with it; those of a refused
//     attempt are ignored;
//   - a fact whose attempt was judged already (its first fact's record repeated in the log)
//     or that its accepted attempt holds already (a later fact repeated) changes nothing:
//     the log, not a memory of event ids, says what was applied (projection_store.h).
// Accepted facts go on to the service's own projector; refused ones change nothing but
// their command record, which tells the waiting replica to decide again or to answer with
// the earlier result. Hence no two accepted facts of an aggregate share a version.
//
// With fact keys, the first fact of an attempt must also name its partition's current key
// (fact_key_currency.h); an attempt signed with an older one is refused like a version
// conflict. A FactKeyRotated that is accepted makes its key current in its partition; one
// that names a key this process does not hold stops the projection (a replica that cannot
// tell which facts are valid must not judge them): restart it with the newer key file.
//
// An accepted fact that breaks its type's rules (events::FactRules), or that the projector
// cannot apply, keeps its place in the aggregate's history (its version and hash, so that
// the chain and later commands go on) but none of its effect: it is set aside
// (libs/projection/quarantine.h), the same way on every replica and in every replay.
#ifndef STEM_LIBS_SERVICE_COMMAND_GUARD_H_
#define STEM_LIBS_SERVICE_COMMAND_GUARD_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/events/fact_rules.h"
#include "libs/projection/projector.h"
#include "stem/commands/v1/command_records.pb.h"
#include "stem/events/v1/fact_key_rotated.pb.h"

namespace stem::service {

class GuardedProjector final : public projection::Projector {
 public:
  // `inner` and `rules` are not owned and must outlive the guard. The guard runs on every
  // fact the projection reads, also other services' facts: their refused attempts are in
  // the log too, and a reader must ignore them exactly as their owner does.
  GuardedProjector(projection::Projector& inner, const events::FactRules& rules)
      : inner_(inner), rules_(rules) {}

  std::vector<std::string> Topics() const override { return inner_.Topics(); }
  std::string Version() const override { return inner_.Version(); }
  absl::Status Apply(const events::v1::EventEnvelope& event, const eventlog::Record& record,
                     projection::Batch& batch) override;

 private:
  // The inner projector's effect of an accepted fact, or the fact set aside.
  absl::Status ApplyOrSetAside(const events::v1::EventEnvelope& event,
                               const eventlog::Record& record, projection::Batch& batch);
  // The checks of a fact key rotation that come before versions: OK to go on, or the
  // rotation set aside (`set_aside`), or an error that stops the projection.
  absl::Status CheckRotation(const events::v1::EventEnvelope& event,
                             const events::v1::FactKeyRotated& rotated,
                             const eventlog::Record& record, projection::Batch& batch,
                             bool& set_aside);
  // An accepted rotation's effect: its key signs in its partition from here on.
  void ApplyRotation(const events::v1::EventEnvelope& event,
                     const events::v1::FactKeyRotated& rotated, const eventlog::Record& record,
                     projection::Batch& batch);
  // Whether the attempt that `event` starts names an older key than its partition's.
  absl::StatusOr<bool> SignedWithStaleKey(const events::v1::EventEnvelope& event,
                                          const eventlog::Record& record,
                                          const projection::StateReader& state) const;

  projection::Projector& inner_;
  const events::FactRules& rules_;
};

// SHA-256 of a fact's bytes as stored in the log: the link of its aggregate's hash chain
// (EventEnvelope.previous_hash of the next fact).
std::string FactHash(std::string_view record_value);

// Whether the guard passed over the record at `offset` of `partition` when it applied it: a
// fact of a refused attempt, or a record that repeats one it judged. Facts set aside are not
// marked here (the store's quarantine holds them); a record the projection has not applied yet
// reads false.
absl::StatusOr<bool> WasPassedOver(const projection::StateReader& state,
                                   const eventlog::TopicPartition& partition, int64_t offset);

// The guard's records, for the command processor and for queries (e.g. an aggregate's
// version). Keys start with '~', which the services' own projectors do not use.
absl::StatusOr<commands::v1::AggregateRecord> LoadAggregateRecord(
    const projection::StateReader& state, const std::string& aggregate_type,
    const std::string& aggregate_id);
absl::StatusOr<std::optional<commands::v1::CommandRecord>> LoadCommandRecord(
    const projection::StateReader& state, const std::string& command_id);
absl::StatusOr<std::optional<commands::v1::RequestRecord>> LoadRequestRecord(
    const projection::StateReader& state, const std::string& aggregate_type,
    const std::string& aggregate_id, const std::string& request_id);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_COMMAND_GUARD_H_
