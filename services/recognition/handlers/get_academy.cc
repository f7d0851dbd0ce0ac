#include "contexts/recognition/academy_state.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::GetAcademy(grpc::ServerContext* context,
                                                const v1::GetAcademyRequest* request,
                                                v1::GetAcademyResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request,
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR}, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto kbo = domain::NormalizeKbo(request->kbo());
        if (!kbo.ok()) return kbo.status();
        if (call.principal.role == ACTOR_ROLE_ACADEMY && call.principal.identity != *kbo) {
          return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY",
                           "an academy sees only its own file");
        }
        auto academy = RequireAcademy(state, *kbo);
        if (!academy.ok()) return academy.status();
        *response->mutable_academy() = std::move(*academy);
        return absl::OkStatus();
      });
}

}  // namespace stem::recognition
