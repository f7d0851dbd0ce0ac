#include "contexts/activity/school_calendars.h"
#include "libs/service/command_frame.h"
#include "services/activity/activity_service.h"

namespace stem::activity {

grpc::Status ActivityServiceImpl::PublishSchoolCalendar(
    grpc::ServerContext* context, const v1::PublishSchoolCalendarRequest* request,
    v1::PublishSchoolCalendarResponse* response) {
  return service::ServeCommand<v1::SchoolCalendarPublished>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call&) { return ValidateCalendarRequest(*request); },
       .target =
           [&](const v1::SchoolCalendarPublished& fact) {
             return service::CommandTarget{topics_.activity, kCalendarAggregate, fact.school_year(),
                                           std::nullopt};
           },
       .decide = [&](const service::Call&, const v1::SchoolCalendarPublished& fact,
                     const service::Decision&) -> absl::StatusOr<service::Facts> {
         // A publication replaces the school year's calendar, whatever was before.
         service::Facts facts;
         facts.push_back(std::make_unique<v1::SchoolCalendarPublished>(fact));
         return facts;
       },
       .answer = service::AnswerVersion<v1::SchoolCalendarPublished>(response)});
}

}  // namespace stem::activity
