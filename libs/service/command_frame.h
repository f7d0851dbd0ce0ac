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

template <typename Prepared>
grpc::Status ServeCommand(const rpc::Authenticator& authenticator, grpc::ServerContext* context,
                          const google::protobuf::Message& request, const std::string& request_id,
                          std::initializer_list<identity::v1::ActorRole> allowed,
                          CommandProcessor& processor, const Command<Prepared>& command) {
  STEM_CHECK(command.prepare && command.target && command.decide && command.answer,
             "a command handler names every step of its command");
  return Serve(authenticator, context, request, allowed, [&](const Call& call) -> absl::Status {
    absl::StatusOr<Prepared> prepared = command.prepare(call);
    if (!prepared.ok()) return prepared.status();
    absl::StatusOr<CommandOutcome> outcome = processor.Execute(
        call.CommandContextFor(request_id), request, command.target(*prepared),
        [&](const Decision& decision) { return command.decide(call, *prepared, decision); },
        call.deadline);
    if (!outcome.ok()) return outcome.status();
    return command.answer(*prepared, *outcome);
  });
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
