#include "contexts/recognition/recognition_history.h"
#include "contexts/subsidy/academy_names.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/domain/recognition_rules.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/subsidy/report_service.h"

namespace stem::subsidy {
namespace {

constexpr int kMaxExpiringDays = 3 * 366;

}  // namespace

grpc::Status ReportServiceImpl::GetRegister(grpc::ServerContext* context,
                                            const v1::GetRegisterRequest* request,
                                            v1::GetRegisterResponse* response) {
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request, {ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR}, runtime_,
      [&](const service::Call&, const projection::StateReader& state) -> absl::Status {
        absl::CivilDay day = clock::LocalDate(runtime_.clock().Now());
        if (!request->date().empty()) {
          auto parsed = clock::ParseDate(request->date());
          if (!parsed.ok()) return parsed.status();
          day = *parsed;
        }
        if (request->expiring_within_days() < 0 ||
            request->expiring_within_days() > kMaxExpiringDays) {
          return MakeError(absl::StatusCode::kInvalidArgument, "DAYS_INVALID",
                           "expiring_within_days is 0 (every recognised academy) to 1098");
        }
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        response->set_date(clock::FormatDate(day));
        std::string last;
        bool more = false;
        absl::Status scanned = ScanAcademyNames(
            state, *after,
            [&](const std::string& kbo,
                const std::string& name) -> absl::StatusOr<projection::Visit> {
              auto history = recognition::LoadRecognitionHistory(state, kbo);
              if (!history.ok()) {
                return history.status();
              }
              const domain::RecognitionOnDay on = domain::RecognitionOn(*history, day);
              if (!on.recognised()) return projection::Visit::kContinue;
              const absl::CivilDay until =
                  domain::RecognisedUntil(*history, day).value_or(on.grant->valid_until);
              if (request->expiring_within_days() > 0 &&
                  until > day + request->expiring_within_days()) {
                return projection::Visit::kContinue;
              }
              if (response->academies_size() == *page_size) {
                more = true;
                return projection::Visit::kStop;
              }
              v1::RegisterLine* line = response->add_academies();
              line->set_kbo(kbo);
              line->set_name(name);
              line->set_valid_from(clock::FormatDate(on.grant->valid_from));
              line->set_valid_until(clock::FormatDate(on.grant->valid_until));
              line->set_recognised_until(clock::FormatDate(until));
              last = kbo;
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
