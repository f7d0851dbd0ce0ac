#include "libs/service/call.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"

namespace stem::service {

events::CommandContext Call::CommandContextFor(const std::string& request_id) const {
  events::CommandContext context;
  context.actor = principal.ToActor();
  context.request_id = request_id;
  context.correlation_id = caller_trace_id;
  return context;
}

Call CallFor(const grpc::ServerContext& context, const rpc::Principal& principal) {
  rpc::NoteCaller(&context, principal);
  Call call;
  call.principal = principal;
  call.deadline = rpc::CallDeadline(context);
  if (std::optional<rpc::CallRecord> record = rpc::FindCallRecord(&context);
      record.has_value() && record->trace.from_caller) {
    call.caller_trace_id = record->trace.trace_id;
  }
  return call;
}

void NoteRequestId(const grpc::ServerContext& context, const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return;
  }
  rpc::NoteRequestId(&context, request.GetReflection()->GetString(request, field));
}

namespace {

// A decimal number as FormatLogPositions writes it: digits only, no sign or blanks.
template <typename Number>
bool ReadNumber(std::string_view text, Number* number) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  return absl::SimpleAtoi(ToAbsl(text), number);
}

}  // namespace

absl::StatusOr<eventlog::Positions> ParseLogPositions(std::string_view text) {
  const auto invalid = [](const std::string& why) {
    return MakeError(absl::StatusCode::kInvalidArgument, "CONSISTENCY_TOKEN_INVALID",
                     "the consistency token " + why +
                         "; send back what a command's answer carried under " +
                         kConsistencyTokenMetadata);
  };
  constexpr size_t kMaxBytes = 8 * 1024;
  constexpr size_t kMaxPartitions = 1024;
  if (text.size() > kMaxBytes) return invalid("is longer than 8 KiB");
  eventlog::Positions positions;
  if (text.empty()) return positions;
  for (size_t start = 0; start <= text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view entry = text.substr(start, comma - start);
    start = comma + 1;
    if (positions.size() >= kMaxPartitions) return invalid("names more than 1,024 partitions");
    const size_t equals = entry.rfind('=');
    const size_t slash = entry.substr(0, equals == std::string_view::npos ? 0 : equals).rfind('/');
    int32_t partition = 0;
    int64_t offset = 0;
    if (equals == std::string_view::npos || slash == std::string_view::npos || slash == 0 ||
        !ReadNumber(entry.substr(slash + 1, equals - slash - 1), &partition) ||
        !ReadNumber(entry.substr(equals + 1), &offset)) {
      return invalid("is not <topic>/<partition>=<offset>,...");
    }
    int64_t& known = positions[{std::string(entry.substr(0, slash)), partition}];
    known = std::max(known, offset);
  }
  return positions;
}

absl::Status AwaitQueryState(ServiceRuntime& runtime, const grpc::ServerContext& context,
                             absl::Time deadline) {
  if (!runtime.queries_admitted()) {
    return WithRetryDelay(
        MakeError(absl::StatusCode::kUnavailable, kReplicaCatchingUp,
                  "this replica is still reading the log and would answer with part of the "
                  "state; try again, or another replica"),
        absl::Seconds(1));
  }
  const auto& metadata = context.client_metadata();
  auto token = metadata.find(kConsistencyTokenMetadata);
  if (token == metadata.end()) return absl::OkStatus();
  auto positions = ParseLogPositions(std::string_view(token->second.data(), token->second.size()));
  if (!positions.ok()) return positions.status();
  const std::vector<std::string>& topics = runtime.projection().topics();
  eventlog::Positions wanted;
  for (const auto& [partition, offset] : *positions) {
    if (std::find(topics.begin(), topics.end(), partition.topic) != topics.end()) {
      wanted[partition] = offset;
    }
  }
  if (wanted.empty()) return absl::OkStatus();  // nothing this replica reads
  if (absl::Status reached = runtime.projection().WaitFor(wanted, deadline); !reached.ok()) {
    if (ReasonOf(reached) == kProjectionStopped) return reached;
    return WithRetryDelay(
        MakeError(absl::StatusCode::kUnavailable, kReplicaCatchingUp,
                  "this replica has not yet applied what the consistency token names: " +
                      std::string(reached.message())),
        absl::Milliseconds(200));
  }
  return absl::OkStatus();
}

std::string FormatLogPositions(const eventlog::Positions& positions) {
  std::string formatted;
  for (const auto& [partition, next_offset] : positions) {
    if (!formatted.empty()) formatted += ",";
    absl::StrAppend(&formatted, partition.topic, "/", partition.partition, "=", next_offset);
  }
  return formatted;
}

absl::Status RequireSelfOrOfficer(const rpc::Principal& principal, const std::string& kbo) {
  if (principal.role == identity::v1::ACTOR_ROLE_OFFICER) return absl::OkStatus();
  if (principal.role == identity::v1::ACTOR_ROLE_ACADEMY && principal.identity == kbo) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY",
                   "an academy acts only for itself; " + kbo + " is not " + principal.identity);
}

}  // namespace stem::service
