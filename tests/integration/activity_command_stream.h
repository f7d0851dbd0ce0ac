// A client of stem-activity that sends a seeded stream of commands (register activities,
// report and re-report attendance, cancel sessions, publish a school calendar), one at a
// time, and remembers what every acknowledged command must have changed. A command that
// fails because the process died or restarts is sent again with the same request id until
// it is acknowledged: that is what request ids are for. Any other error fails the test.
#ifndef STEM_TESTS_INTEGRATION_ACTIVITY_COMMAND_STREAM_H_
#define STEM_TESTS_INTEGRATION_ACTIVITY_COMMAND_STREAM_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"
#include "tests/integration/service_process.h"

namespace stem::integration {

// The activity service's clock start for this stream.
inline constexpr char kServiceToday[] = "2019-06-03T09:00:00Z";

class ActivityCommandStream {
 public:
  // Commands go to whatever run of `activity` is current, all for academy `kbo` (token
  // "academy-<kbo>"; calendars as "officer"). Sessions fall on the Saturdays of 2019-01-12 to
  // 2019-06-01: held before kServiceToday, in the academy's recognition from 2019-01-07.
  ActivityCommandStream(ServiceProcess& activity, std::string kbo, uint64_t seed);

  // Sends commands until `stop` is set (then finishes the one under way) or one fails for
  // good (then returns its error).
  absl::Status Run(const std::atomic<bool>& stop);

  // Makes Run give up at once (e.g. the test failed and the service will not come back).
  void Abandon() { abandoned_ = true; }

  int64_t acknowledged() const { return acknowledged_; }
  // Until `count` commands are acknowledged (Run on another thread); DEADLINE_EXCEEDED
  // after `patience`.
  absl::Status AwaitAcknowledged(int64_t count, absl::Duration patience) const;
  // Whether a call is under way (sent, not yet answered).
  bool in_flight() const { return in_flight_; }
  int64_t retries() const { return retries_; }

  // Every acknowledged command's effect, through the API of the current run: each
  // activity's sessions, cancellations, attendance and child-minutes, its version (one per
  // acknowledged command: nothing applied twice), and the academy's child-minutes total.
  // Adds a test failure per difference.
  void ExpectEffectsVisible();

 private:
  struct SessionModel {
    std::string id;
    bool cancelled = false;
    std::map<int, int64_t> attendance;
  };
  struct ActivityModel {
    std::string id;
    std::vector<SessionModel> sessions;
    int64_t commands = 0;  // acknowledged, the registration included
  };
  using Call =
      std::function<grpc::Status(activity::v1::ActivityService::Stub&, grpc::ClientContext*)>;

  // Sends until acknowledged; the error of a command that fails for good.
  absl::Status Send(const std::string& what, const std::string& token, const Call& call);
  bool HasOpenSession() const;
  absl::Status Register();
  absl::Status ReportAttendance();
  absl::Status CancelSession();
  absl::Status PublishCalendar();
  std::string NextRequestId() { return "cmd-" + std::to_string(++requests_); }

  ServiceProcess& activity_;
  const std::string kbo_;
  std::mt19937_64 random_;
  std::vector<std::string> saturdays_;
  std::vector<ActivityModel> activities_;
  bool calendar_published_ = false;
  int64_t requests_ = 0;
  std::atomic<int64_t> acknowledged_ = 0;
  std::atomic<int64_t> retries_ = 0;
  std::atomic<bool> abandoned_ = false;
  std::atomic<bool> in_flight_ = false;
};

}  // namespace stem::integration

#endif  // STEM_TESTS_INTEGRATION_ACTIVITY_COMMAND_STREAM_H_
