#include "libs/clock_service/clock_service.h"

#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/events/timestamps.h"
#include "libs/service/call.h"

namespace stem::clock_service {
namespace {

using identity::v1::ACTOR_ROLE_ACADEMY;
using identity::v1::ACTOR_ROLE_AUDITOR;
using identity::v1::ACTOR_ROLE_MUNICIPALITY;
using identity::v1::ACTOR_ROLE_OFFICER;
using identity::v1::ACTOR_ROLE_OPERATOR;

std::string LocalDateText(absl::Time instant) {
  return clock::FormatDate(clock::LocalDate(instant));
}

// Moves the clock as the request says; CLOCK_RANGE for a Timestamp or Duration that is not
// valid (rulebook section 1), before any arithmetic on it.
absl::Status Move(clock::ClockControl& control, const clock::v1::AdvanceClockRequest& request) {
  switch (request.target_case()) {
    case clock::v1::AdvanceClockRequest::kTo: {
      auto to = events::FromRequestTimestamp(request.to(), "CLOCK_RANGE", "to");
      if (!to.ok()) return to.status();
      return control.AdvanceTo(*to);
    }
    case clock::v1::AdvanceClockRequest::kBy: {
      auto by = events::FromRequestDuration(request.by(), "CLOCK_RANGE", "by");
      if (!by.ok()) return by.status();
      return control.AdvanceBy(*by);
    }
    default:
      return MakeError(absl::StatusCode::kInvalidArgument, "CLOCK_TARGET_MISSING",
                       "give either `to` (an instant) or `by` (a positive duration)");
  }
}

}  // namespace

grpc::Status ClockServiceImpl::GetTime(grpc::ServerContext* context,
                                       const clock::v1::GetTimeRequest* request,
                                       clock::v1::GetTimeResponse* response) {
  return service::Serve(authenticator_, context, *request,
                        {ACTOR_ROLE_ACADEMY, ACTOR_ROLE_MUNICIPALITY, ACTOR_ROLE_OFFICER,
                         ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OPERATOR},
                        [&](const service::Call&) -> absl::Status {
                          const absl::Time now = control_.clock().Now();
                          *response->mutable_now() = events::ToTimestamp(now);
                          response->set_mode(control_.manual() ? clock::v1::CLOCK_MODE_MANUAL
                                                               : clock::v1::CLOCK_MODE_SYSTEM);
                          response->set_local_date(LocalDateText(now));
                          return absl::OkStatus();
                        });
}

grpc::Status ClockServiceImpl::AdvanceClock(grpc::ServerContext* context,
                                            const clock::v1::AdvanceClockRequest* request,
                                            clock::v1::AdvanceClockResponse* response) {
  return service::Serve(authenticator_, context, *request, {ACTOR_ROLE_OPERATOR},
                        [&](const service::Call&) -> absl::Status {
                          if (absl::Status moved = Move(control_, *request); !moved.ok()) {
                            return moved;
                          }
                          const absl::Time now = control_.clock().Now();
                          *response->mutable_now() = events::ToTimestamp(now);
                          response->set_local_date(LocalDateText(now));
                          return absl::OkStatus();
                        });
}

}  // namespace stem::clock_service
