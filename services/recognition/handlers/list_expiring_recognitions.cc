#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/register.h"
#include "libs/common/error.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/recognition/recognition_service.h"

namespace stem::recognition {

grpc::Status RecognitionServiceImpl::ListExpiringRecognitions(
    grpc::ServerContext* context, const v1::ListExpiringRecognitionsRequest* request,
    v1::ListExpiringRecognitionsResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        if (request->within_days() < 0 || request->within_days() > 3660) {
          return MakeError(absl::StatusCode::kInvalidArgument, "WITHIN_DAYS_INVALID",
                           "within_days must be between 0 and 3660");
        }
        auto day = DateOrToday(request->date());
        if (!day.ok()) return day.status();
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        const absl::CivilDay horizon = *day + request->within_days();
        std::string last;
        bool more = false;
        absl::Status scanned =
            ScanRecognised(state, *after, *day,
                           [&](const v1::Academy& academy,
                               const Standing& standing) -> absl::StatusOr<projection::Visit> {
                             auto until = domain::RecognisedUntil(standing.history, *day);
                             if (!until || *until > horizon) return projection::Visit::kContinue;
                             if (response->academies_size() == *page_size) {
                               more = true;
                               return projection::Visit::kStop;
                             }
                             *response->add_academies() = RegisterEntryOf(academy, standing, *day);
                             last = academy.kbo();
                             return projection::Visit::kContinue;
                           });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::recognition
