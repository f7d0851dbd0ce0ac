#include "contexts/recognition/register_queries.h"

#include <string>

#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/register.h"
#include "libs/clock/date.h"
#include "libs/domain/kbo.h"
#include "libs/service/pagination.h"

namespace stem::recognition {
namespace {

absl::StatusOr<absl::CivilDay> DateOr(const std::string& iso, absl::CivilDay today) {
  if (iso.empty()) return today;
  return clock::ParseDate(iso);
}

}  // namespace

absl::Status AnswerRecognitionStatus(const projection::StateReader& state,
                                     const v1::GetRecognitionStatusRequest& request,
                                     absl::CivilDay today,
                                     v1::GetRecognitionStatusResponse& response) {
  auto kbo = domain::NormalizeKbo(request.kbo());
  if (!kbo.ok()) return kbo.status();
  auto day = DateOr(request.date(), today);
  if (!day.ok()) return day.status();
  response.set_date(clock::FormatDate(*day));
  auto academy = LoadAcademy(state, *kbo);
  if (!academy.ok()) return academy.status();
  if (!*academy) {
    response.set_not_recognised_because(
        domain::ToString(domain::NotRecognisedBecause::kNeverGranted));
    return absl::OkStatus();
  }
  auto standing = StandingOn(**academy, *day);
  if (!standing.ok()) return standing.status();
  if (standing->grant != nullptr) {
    response.set_recognised(true);
    *response.mutable_grant() = *standing->grant;
  } else {
    response.set_not_recognised_because(domain::ToString(standing->on.because));
  }
  return absl::OkStatus();
}

absl::Status AnswerRecognisedAcademies(const projection::StateReader& state,
                                       const v1::ListRecognisedAcademiesRequest& request,
                                       absl::CivilDay today,
                                       v1::ListRecognisedAcademiesResponse& response) {
  auto day = DateOr(request.date(), today);
  if (!day.ok()) return day.status();
  auto page_size = service::PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  auto after = service::DecodePageToken(request.page_token());
  if (!after.ok()) return after.status();
  std::string last;
  bool more = false;
  absl::Status scanned =
      ScanRecognised(state, *after, *day,
                     [&](const v1::Academy& academy,
                         const Standing& standing) -> absl::StatusOr<projection::Visit> {
                       if (response.academies_size() == *page_size) {
                         more = true;
                         return projection::Visit::kStop;
                       }
                       *response.add_academies() = RegisterEntryOf(academy, standing, *day);
                       last = academy.kbo();
                       return projection::Visit::kContinue;
                     });
  if (!scanned.ok()) return scanned;
  if (more) response.set_next_page_token(service::EncodePageToken(last));
  return absl::OkStatus();
}

}  // namespace stem::recognition
