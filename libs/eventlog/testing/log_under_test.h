// What the event-log contract suite (log_contract.h) needs from an implementation, so that
// one suite runs against the embedded log and against a real Kafka broker.
#ifndef STEM_LIBS_EVENTLOG_TESTING_LOG_UNDER_TEST_H_
#define STEM_LIBS_EVENTLOG_TESTING_LOG_UNDER_TEST_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "libs/eventlog/event_log.h"

namespace stem::eventlog::testing {

class LogUnderTest {
 public:
  virtual ~LogUnderTest() = default;
  // Opens the log. Called again after every earlier instance was destroyed, it reopens the
  // same log, as a restarted process would.
  virtual absl::StatusOr<std::unique_ptr<EventLog>> Open() = 0;
  // A topic (or group) name that no other test, and no other run, uses.
  virtual std::string UniqueName(std::string_view base) = 0;
};

struct LogUnderTestFactory {
  std::string name;
  std::function<std::unique_ptr<LogUnderTest>()> make;
};

}  // namespace stem::eventlog::testing

#endif  // STEM_LIBS_EVENTLOG_TESTING_LOG_UNDER_TEST_H_
