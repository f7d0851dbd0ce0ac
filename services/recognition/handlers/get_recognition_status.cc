#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/register.h"
#include "libs/clock/date.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::GetRecognitionStatus(
    grpc::ServerContext* context, const v1::GetRecognitionStatusRequest* request,
    v1::GetRecognitionStatusResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_.store(),
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        auto kbo = domain::NormalizeKbo(request->kbo());
        if (!kbo.ok()) return kbo.status();
        auto day = DateOrToday(request->date());
        if (!day.ok()) return day.status();
        response->set_date(clock::FormatDate(*day));
        auto academy = LoadAcademy(state, *kbo);
        if (!academy.ok()) return academy.status();
        if (!*academy) {
          response->set_not_recognised_because(
              domain::ToString(domain::NotRecognisedBecause::kNeverGranted));
          return absl::OkStatus();
        }
        auto standing = StandingOn(**academy, *day);
        if (!standing.ok()) return standing.status();
        if (standing->grant != nullptr) {
          response->set_recognised(true);
          *response->mutable_grant() = *standing->grant;
        } else {
          response->set_not_recognised_because(domain::ToString(standing->on.because));
        }
        return absl::OkStatus();
      });
}

}  // namespace stem::recognition
