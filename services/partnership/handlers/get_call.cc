#include "contexts/partnership/call_state.h"
#include "libs/service/call.h"
#include "services/partnership/partnership_service.h"

namespace stem::partnership {

grpc::Status PartnershipServiceImpl::GetCall(grpc::ServerContext* context,
                                             const v1::GetCallRequest* request,
                                             v1::GetCallResponse* response) {
  // A call is a public announcement, with its budget and what it approved: every reader.
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        auto call = RequireCall(state, request->call_id());
        if (!call.ok()) return call.status();
        call->set_remaining_cents(call->opened().budget_cents() - call->approved_cents());
        *response->mutable_call() = std::move(*call);
        return absl::OkStatus();
      });
}

}  // namespace stem::partnership
