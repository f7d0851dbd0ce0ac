// The common frame of every RPC handler: who calls, until when, and the gRPC status of the
// answer. Handlers return absl::Status with reasons; this turns them into google.rpc.Status.
#ifndef STEM_LIBS_SERVICE_CALL_H_
#define STEM_LIBS_SERVICE_CALL_H_

#include <grpcpp/server_context.h>

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/event_factory.h"
#include "libs/events/field_limits.h"
#include "libs/projection/projection_store.h"
#include "libs/rpc/authenticator.h"
#include "libs/rpc/call_records.h"
#include "libs/rpc/principal.h"
#include "libs/rpc/server.h"
#include "libs/rpc/status.h"
#include "libs/service/service_runtime.h"

namespace stem::service {

struct Call {
  rpc::Principal principal;
  absl::Time deadline;
  // Set by a bulk import when the projection caught up with every topic it reads at the
  // start of the item's batch: a command that needs it (it depends on other contexts'
  // facts) need not wait again per item.
  bool caught_up_with_all_topics = false;
  // The trace id of the caller's W3C traceparent, when it sent one (rpc/trace_context.h):
  // the facts of its command carry it as their correlation id, so that a flow across the
  // caller's systems and the suite is one id. Empty: the request id is the correlation id.
  std::string caller_trace_id;

  // The context of a command's facts: the caller as actor, the request id as idempotency
  // key.
  events::CommandContext CommandContextFor(const std::string& request_id) const;
};

// The Call of an authenticated caller (noted in the call's record for the access log, with the
// caller's trace).
Call CallFor(const grpc::ServerContext& context, const rpc::Principal& principal);
// Notes the request's `request_id` field, when it has one, for the access log.
void NoteRequestId(const grpc::ServerContext& context, const google::protobuf::Message& request);

// Authenticates the caller, refuses roles not in `allowed` (PERMISSION_DENIED), refuses a
// request beyond its limits (events/field_limits.h: TEXT_INVALID, TOO_MANY), refuses a call whose
// deadline has passed, then runs `body(call)`.
template <typename Body>
grpc::Status Serve(const rpc::Authenticator& authenticator, grpc::ServerContext* context,
                   const google::protobuf::Message& request,
                   std::initializer_list<identity::v1::ActorRole> allowed, Body&& body) {
  NoteRequestId(*context, request);
  auto principal = authenticator.Authenticate(*context);
  if (!principal.ok()) return rpc::ToGrpcStatus(principal.status());
  if (absl::Status role = rpc::RequireRole(*principal, allowed); !role.ok()) {
    return rpc::ToGrpcStatus(role);
  }
  if (absl::Status limits = events::CheckFieldLimits(request, events::kRequestLimits);
      !limits.ok()) {
    return rpc::ToGrpcStatus(limits);
  }
  Call call = CallFor(*context, *principal);
  if (call.deadline <= absl::Now()) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "the caller's deadline has passed");
  }
  return rpc::ToGrpcStatus(body(call));
}

// The initial metadata key under which a query names the log positions its answer reflects:
// "<topic>/<partition>=<next offset>" per partition, comma-separated, in topic and partition
// order. A client that wrote a fact at offset o in a partition reads its own write once the
// answer names a next offset above o there; during a Kafka outage it tells how current the
// answer is.
inline constexpr char kLogPositionsMetadata[] = "stem-log-positions";
std::string FormatLogPositions(const eventlog::Positions& positions);

// Read-your-writes across replicas. A command's answer carries, under this initial
// metadata key, the positions the answering replica had applied in the command's partition
// (CommandOutcome::applied_through, in FormatLogPositions' form). A query that sends them
// back under the same key, to any replica, is answered once that replica has applied them
// too (waiting until the call's deadline, then UNAVAILABLE / REPLICA_CATCHING_UP). Positions
// of topics the replica does not read are ignored; a malformed token is INVALID_ARGUMENT /
// CONSISTENCY_TOKEN_INVALID.
inline constexpr char kConsistencyTokenMetadata[] = "stem-consistency-token";
inline constexpr std::string_view kReplicaCatchingUp = "REPLICA_CATCHING_UP";
// FormatLogPositions' inverse, for what a caller sends: at most 8 KiB and 1,024 partitions.
absl::StatusOr<eventlog::Positions> ParseLogPositions(std::string_view text);

// Before a query reads: UNAVAILABLE / REPLICA_CATCHING_UP while the runtime holds queries
// (it replays the log), then the wait for the caller's consistency token, if any.
absl::Status AwaitQueryState(ServiceRuntime& runtime, const grpc::ServerContext& context,
                             absl::Time deadline);

// A query's frame: Serve's checks, AwaitQueryState, then `body(call, state)` over one
// snapshot of the runtime's store, so that every read of the answer sees the same state,
// and the positions of that snapshot in the answer's metadata (kLogPositionsMetadata).
template <typename Body>
grpc::Status ServeQuery(const rpc::Authenticator& authenticator, grpc::ServerContext* context,
                        const google::protobuf::Message& request,
                        std::initializer_list<identity::v1::ActorRole> allowed,
                        ServiceRuntime& runtime, Body&& body) {
  return Serve(authenticator, context, request, allowed, [&](const Call& call) -> absl::Status {
    if (absl::Status ready = AwaitQueryState(runtime, *context, call.deadline); !ready.ok()) {
      return ready;
    }
    absl::StatusOr<std::unique_ptr<projection::StoreSnapshot>> snapshot =
        runtime.store().TakeSnapshot();
    if (!snapshot.ok()) return snapshot.status();
    context->AddInitialMetadata(kLogPositionsMetadata,
                                FormatLogPositions((*snapshot)->positions()));
    return body(call, static_cast<const projection::StateReader&>(**snapshot));
  });
}

// The roles of §8 that may read: every caller but the operator.
inline constexpr std::initializer_list<identity::v1::ActorRole> kReaders = {
    identity::v1::ACTOR_ROLE_ACADEMY, identity::v1::ACTOR_ROLE_MUNICIPALITY,
    identity::v1::ACTOR_ROLE_OFFICER, identity::v1::ACTOR_ROLE_AUDITOR};

// PERMISSION_DENIED (NOT_OWN_ACADEMY) when an ACADEMY acts for another KBO number.
absl::Status RequireSelfOrOfficer(const rpc::Principal& principal, const std::string& kbo);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_CALL_H_
