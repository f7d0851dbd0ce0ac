#include "libs/clock_service/clock_service.h"

#include "google/protobuf/util/time_util.h"
#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/events/timestamps.h"
#include "libs/rpc/status.h"

namespace stem::clock_service {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToProto(absl::Time instant) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(instant));
}

std::string LocalDateText(absl::Time instant) {
  return clock::FormatDate(clock::LocalDate(instant));
}

}  // namespace

grpc::Status ClockServiceImpl::GetTime(grpc::ServerContext* context,
                                       const clock::v1::GetTimeRequest* /*request*/,
                                       clock::v1::GetTimeResponse* response) {
  auto principal = authenticator_.Authenticate(*context);
  if (!principal.ok()) return rpc::ToGrpcStatus(principal.status());
  const absl::Time now = control_.clock().Now();
  *response->mutable_now() = ToProto(now);
  response->set_mode(control_.manual() ? clock::v1::CLOCK_MODE_MANUAL
                                       : clock::v1::CLOCK_MODE_SYSTEM);
  response->set_local_date(LocalDateText(now));
  return grpc::Status::OK;
}

grpc::Status ClockServiceImpl::AdvanceClock(grpc::ServerContext* context,
                                            const clock::v1::AdvanceClockRequest* request,
                                            clock::v1::AdvanceClockResponse* response) {
  auto principal = authenticator_.Authenticate(*context);
  if (!principal.ok()) return rpc::ToGrpcStatus(principal.status());
  if (absl::Status allowed = rpc::RequireRole(*principal, {events::v1::ACTOR_ROLE_OPERATOR});
      !allowed.ok()) {
    return rpc::ToGrpcStatus(allowed);
  }
  absl::Status moved;
  switch (request->target_case()) {
    case clock::v1::AdvanceClockRequest::kTo:
      moved = control_.AdvanceTo(events::FromTimestamp(request->to()));
      break;
    case clock::v1::AdvanceClockRequest::kBy:
      moved = control_.AdvanceBy(absl::Nanoseconds(TimeUtil::DurationToNanoseconds(request->by())));
      break;
    default:
      moved = MakeError(absl::StatusCode::kInvalidArgument, "CLOCK_TARGET_MISSING",
                        "give either `to` (an instant) or `by` (a positive duration)");
  }
  if (!moved.ok()) return rpc::ToGrpcStatus(moved);
  const absl::Time now = control_.clock().Now();
  *response->mutable_now() = ToProto(now);
  response->set_local_date(LocalDateText(now));
  return grpc::Status::OK;
}

}  // namespace stem::clock_service
