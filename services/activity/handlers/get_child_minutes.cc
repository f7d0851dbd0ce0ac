#include "absl/strings/str_format.h"
#include "contexts/activity/activity_access.h"
#include "contexts/activity/activity_state.h"
#include "contexts/activity/child_minutes_view.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/domain/kbo.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/activity/activity_service.h"

namespace stem::activity {
namespace {

using identity::v1::ACTOR_ROLE_ACADEMY;
using identity::v1::ACTOR_ROLE_MUNICIPALITY;

struct Filter {
  std::string academy;       // empty: every academy
  std::string municipality;  // empty: every municipality
  absl::CivilDay from;
  absl::CivilDay to;
};

absl::StatusOr<absl::CivilDay> Bound(const std::string& iso, const char* name) {
  auto day = clock::ParseDate(iso);
  if (clock::IsDateOutOfRange(day.status())) return day.status();
  if (!day.ok()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "DATE_RANGE_INVALID",
                     std::string(name) + " is required, as an ISO date (e.g. 2019-01-01)");
  }
  return day;
}

// The request's filters, narrowed to what the caller may see: an ACADEMY only itself, a
// MUNICIPALITY only itself.
absl::StatusOr<Filter> FilterFor(const v1::GetChildMinutesRequest& request,
                                 const rpc::Principal& principal,
                                 const domain::MunicipalityRegistry& municipalities) {
  Filter filter;
  auto from = Bound(request.from_date(), "from_date");
  if (!from.ok()) return from.status();
  auto to = Bound(request.to_date(), "to_date");
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return MakeError(absl::StatusCode::kInvalidArgument, "DATE_RANGE_INVALID",
                     "to_date is before from_date");
  }
  filter.from = *from;
  filter.to = *to;
  if (!request.academy_kbo().empty()) {
    auto kbo = domain::NormalizeKbo(request.academy_kbo());
    if (!kbo.ok()) return kbo.status();
    filter.academy = *kbo;
  }
  filter.municipality = request.municipality_nis_code();
  if (principal.role == ACTOR_ROLE_ACADEMY) {
    if (filter.academy.empty()) filter.academy = principal.identity;
    if (filter.academy != principal.identity) {
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY",
                       "an academy sees only its own child-minutes");
    }
  }
  if (principal.role == ACTOR_ROLE_MUNICIPALITY) {
    if (filter.municipality.empty()) filter.municipality = principal.identity;
    if (filter.municipality != principal.identity) {
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_OWN_MUNICIPALITY",
                       "a municipality sees only the child-minutes of its own territory");
    }
  }
  if (!filter.municipality.empty() && !municipalities.Territory2025(filter.municipality)) {
    return MakeError(absl::StatusCode::kInvalidArgument, "MUNICIPALITY_UNKNOWN",
                     "no Flemish municipality has NIS code " + Quote(filter.municipality));
  }
  return filter;
}

// Where a session sits in the scan order (academy, activity, session): the page token.
std::string SessionKey(const v1::Activity& activity, int index) {
  return absl::StrFormat("%s/%s/%03d", activity.academy_kbo(), activity.activity_id(), index);
}

}  // namespace

grpc::Status ActivityServiceImpl::GetChildMinutes(grpc::ServerContext* context,
                                                  const v1::GetChildMinutesRequest* request,
                                                  v1::GetChildMinutesResponse* response) {
  return service::ServeQuery(
      authenticator_, context, *request, service::kReaders, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        auto filter = FilterFor(*request, call.principal, municipalities_);
        if (!filter.ok()) return filter.status();
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();

        // Every matching session is computed, for the totals; only the page's are listed.
        ChildMinutesCalculator calculator(state);
        std::string last;
        bool more = false;
        int64_t total = 0;
        int64_t counted = 0;
        absl::Status scanned =
            ScanActivities(state, filter->academy,
                           [&](const v1::Activity& activity) -> absl::StatusOr<projection::Visit> {
                             if (!filter->municipality.empty() &&
                                 !InMunicipality(municipalities_, activity.municipality_nis_code(),
                                                 filter->municipality)) {
                               return projection::Visit::kContinue;
                             }
                             for (int i = 0; i < activity.sessions_size(); ++i) {
                               const v1::ActivitySession& session = activity.sessions(i);
                               auto date = clock::ParseDate(session.session().date());
                               if (!date.ok() || *date < filter->from || *date > filter->to)
                                 continue;
                               auto minutes = calculator.Compute(activity, session);
                               if (!minutes.ok()) {
                                 return minutes.status();
                               }
                               total += minutes->child_minutes();
                               if (minutes->child_minutes() > 0) ++counted;
                               const std::string key = SessionKey(activity, i + 1);
                               if (!after->empty() && key <= *after) continue;
                               if (response->sessions_size() == *page_size) {
                                 more = true;
                                 continue;
                               }
                               *response->add_sessions() = std::move(*minutes);
                               last = key;
                             }
                             return projection::Visit::kContinue;
                           });
        if (!scanned.ok()) return scanned;
        response->set_total_child_minutes(total);
        response->set_sessions_counted(counted);
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::activity
