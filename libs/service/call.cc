#include "libs/service/call.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
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
