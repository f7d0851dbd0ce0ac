// The frame of a command handler, declared instead of spelled out: a handler names what it
// derives from the request (prepare), the aggregate it acts on (target), its decision on
// that aggregate's caught-up state (decide) and its answer (answer). The frame does the
// rest in the same order for every command: the caller's identity, role, field limits and
// deadline (Serve), then idempotency by request id, freshness, the fact rules, the append
// and read-your-writes (CommandProcessor::Execute).
#ifndef STEM_LIBS_SERVICE_COMMAND_FRAME_H_
#define STEM_LIBS_SERVICE_COMMAND_FRAME_H_

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/common/check.h"
#include "libs/service/call.h"
#include "libs/service/command_processor.h"

namespace stem::service {

// What a command needs nothing derived for.
struct NothingPrepared {};

template <typename Prepared = NothingPrepared>
struct Command {
  // The checks that need no state, and what they derive (a normalised KBO number, the
  // fact to write). Runs before anything is read; its error is the answer.
  std::function<absl::StatusOr<Prepared>(const Call&)> prepare;
  std::function<CommandTarget(const Prepared&)> target;
  // Pure: the facts of the command on the aggregate's state, or a reason (Decider).
  std::function<absl::StatusOr<Facts>(const Call&, const Prepared&, const Decision&)> decide;
  // Fills the response from the accepted (or repeated) outcome.
  std::function<absl::Status(const Prepared&, const CommandOutcome&)> answer;
};

// A command prepared for one request: what CommandProcessor executes, and how it answers.
// It refers to the request (and the response) it was bound to, which must outlive it.
struct BoundCommand {
  BatchCommand command;
  std::function<absl::Status(const CommandOutcome&)> answer;
};

// Runs the command's prepare step for `call`; its error is the request's answer.
template <typename Prepared>
absl::StatusOr<BoundCommand> Bind(const Command<Prepared>& command, const Call& call,
                                  const google::protobuf::Message& request,
                                  const std::string& request_id) {
  STEM_CHECK(command.prepare && command.target && command.decide && command.answer,
             "a command handler names every step of its command");
  absl::StatusOr<Prepared> prepared_or = command.prepare(call);
  if (!prepared_or.ok()) return prepared_or.status();
  auto prepared = std::make_shared<const Prepared>(*std::move(prepared_or));
  BoundCommand bound;
  bound.command.context = call.CommandContextFor(request_id);
  bound.command.request = &request;
  bound.command.target = command.target(*prepared);
  bound.command.decide = [decide = command.decide, call, prepared](const Decision& decision) {
    return decide(call, *prepared, decision);
  };
  bound.answer = [answer = command.answer, prepared](const CommandOutcome& outcome) {
    return answer(*prepared, outcome);
  };
  return bound;
}

// A command RPC: Serve's checks, then the command `bind(call)` returns for the request,
// executed and answered, with its consistency token (kConsistencyTokenMetadata).
template <typename Binder>
grpc::Status ServeBoundCommand(const rpc::Authenticator& authenticator,
                               grpc::ServerContext* context,
                               const google::protobuf::Message& request,
                               std::initializer_list<identity::v1::ActorRole> allowed,
                               CommandProcessor& processor, Binder&& bind) {
  return Serve(authenticator, context, request, allowed, [&](const Call& call) -> absl::Status {
    absl::StatusOr<BoundCommand> bound = bind(call);
    if (!bound.ok()) return bound.status();
    absl::StatusOr<CommandOutcome> outcome = processor.Execute(bound->command, call.deadline);
    if (!outcome.ok()) return outcome.status();
    context->AddInitialMetadata(kConsistencyTokenMetadata,
                                FormatLogPositions(outcome->applied_through));
    return bound->answer(*outcome);
  });
}

template <typename Prepared>
grpc::Status ServeCommand(const rpc::Authenticator& authenticator, grpc::ServerContext* context,
                          const google::protobuf::Message& request, const std::string& request_id,
                          std::initializer_list<identity::v1::ActorRole> allowed,
                          CommandProcessor& processor, const Command<Prepared>& command) {
  return ServeBoundCommand(
      authenticator, context, request, allowed, processor,
      [&](const Call& call) { return Bind(command, call, request, request_id); });
}

// The answer of most commands: the aggregate's version after the command.
template <typename Prepared, typename Response>
std::function<absl::Status(const Prepared&, const CommandOutcome&)> AnswerVersion(
    Response* response) {
  return [response](const Prepared&, const CommandOutcome& outcome) {
    response->set_version(LastVersion(outcome));
    return absl::OkStatus();
  };
}

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_COMMAND_FRAME_H_
