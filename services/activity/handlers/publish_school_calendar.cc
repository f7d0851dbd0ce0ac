#include "contexts/activity/school_calendars.h"
#include "libs/service/call.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::PublishSchoolCalendar(
    grpc::ServerContext* context, const v1::PublishSchoolCalendarRequest* request,
    v1::PublishSchoolCalendarResponse* response) {
  return service::Serve(
      authenticator_, context, *request, {events::v1::ACTOR_ROLE_OFFICER},
      [&](const service::Call& call) -> absl::Status {
        auto fact = ValidateCalendarRequest(*request);
        if (!fact.ok()) return fact.status();
        service::CommandTarget target;
        target.topic = topics_.activity;
        target.aggregate_type = kCalendarAggregate;
        target.aggregate_id = fact->school_year();
        auto outcome = runtime_.commands().Execute(
            call.CommandContextFor(request->request_id()), *request, target,
            [&](const service::Decision&) -> absl::StatusOr<service::Facts> {
              // A publication replaces the school year's calendar, whatever was before.
              service::Facts facts;
              facts.push_back(std::make_unique<v1::SchoolCalendarPublished>(*fact));
              return facts;
            },
            call.deadline);
        if (!outcome.ok()) return outcome.status();
        response->set_version(service::LastVersion(*outcome));
        return absl::OkStatus();
      });
}

}  // namespace stem::activity
