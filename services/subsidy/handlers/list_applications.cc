#include "contexts/subsidy/application_state.h"
#include "contexts/subsidy/period_state.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {
namespace {

// The decided amount of an application of an allocated period (none for one withdrawn).
absl::Status AddDecision(const projection::StateReader& state, v1::Application& application) {
  auto decision = LoadDecision(state, application.period_id(), application.academy_kbo());
  if (!decision.ok()) return decision.status();
  if (*decision && (*decision)->application_version() == application.version()) {
    application.set_decided_amount_cents((*decision)->amount_cents());
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status SubsidyServiceImpl::ListApplications(grpc::ServerContext* context,
                                                  const v1::ListApplicationsRequest* request,
                                                  v1::ListApplicationsResponse* response) {
  using identity::v1::ACTOR_ROLE_ACADEMY;
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::ServeQuery(
      authenticator_, context, *request,
      {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_OFFICER, ACTOR_ROLE_AUDITOR}, runtime_,
      [&](const service::Call& call, const projection::StateReader& state) -> absl::Status {
        if (auto period = RequirePeriod(state, request->period_id()); !period.ok()) {
          return period.status();
        }
        auto page_size = service::PageSize(request->page_size());
        if (!page_size.ok()) return page_size.status();
        auto after = service::DecodePageToken(request->page_token());
        if (!after.ok()) return after.status();
        // An academy sees its own application only.
        const bool own_only = call.principal.role == ACTOR_ROLE_ACADEMY;
        std::string last;
        bool more = false;
        absl::Status scanned = ScanApplications(
            state, request->period_id(), *after,
            [&](const v1::Application& found) -> absl::StatusOr<projection::Visit> {
              if (own_only && found.academy_kbo() != call.principal.identity)
                return projection::Visit::kContinue;
              if (response->applications_size() == *page_size) {
                more = true;
                return projection::Visit::kStop;
              }
              v1::Application application = found;
              if (absl::Status added = AddDecision(state, application); !added.ok()) {
                return added;
              }
              *response->add_applications() = std::move(application);
              last = found.academy_kbo();
              return projection::Visit::kContinue;
            });
        if (!scanned.ok()) return scanned;
        if (more) response->set_next_page_token(service::EncodePageToken(last));
        return absl::OkStatus();
      });
}

}  // namespace stem::subsidy
