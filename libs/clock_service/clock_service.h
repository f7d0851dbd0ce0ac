// The gRPC ClockService (proto/stem/clock/v1/clock_service.proto), registered by every
// service process: read the suite's clock; an OPERATOR moves a manual clock forward.
#ifndef STEM_LIBS_CLOCK_SERVICE_CLOCK_SERVICE_H_
#define STEM_LIBS_CLOCK_SERVICE_CLOCK_SERVICE_H_

#include "libs/clock/clock_control.h"
#include "libs/rpc/authenticator.h"
#include "stem/clock/v1/clock_service.grpc.pb.h"

namespace stem::clock_service {

class ClockServiceImpl final : public clock::v1::ClockService::Service {
 public:
  // Neither is owned; both must outlive the service.
  ClockServiceImpl(clock::ClockControl& control, const rpc::Authenticator& authenticator)
      : control_(control), authenticator_(authenticator) {}

  grpc::Status GetTime(grpc::ServerContext* context, const clock::v1::GetTimeRequest* request,
                       clock::v1::GetTimeResponse* response) override;
  grpc::Status AdvanceClock(grpc::ServerContext* context,
                            const clock::v1::AdvanceClockRequest* request,
                            clock::v1::AdvanceClockResponse* response) override;

 private:
  clock::ClockControl& control_;
  const rpc::Authenticator& authenticator_;
};

}  // namespace stem::clock_service

#endif  // STEM_LIBS_CLOCK_SERVICE_CLOCK_SERVICE_H_
