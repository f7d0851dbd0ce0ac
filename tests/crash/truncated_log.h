// A read-only view of an event log that ends, per partition, at given offsets: projecting
// it gives the state a store should hold at exactly those positions. The crash test
// advances a never-killed reference store with it to the positions of the killed one and
// compares checksums.
#ifndef STEM_TESTS_CRASH_TRUNCATED_LOG_H_
#define STEM_TESTS_CRASH_TRUNCATED_LOG_H_

#include <memory>

#include "libs/eventlog/event_log.h"

namespace stem::crash {

// `inner` is not owned and must outlive the view and its subscriptions. A partition without a limit
// shows no record. The view's subscriptions drop what lies beyond the limits, so a subscription
// must not be reused with higher limits: take a new view and a new subscription (a runner resumes
// from its store).
std::unique_ptr<eventlog::EventLog> TruncatedLog(eventlog::EventLog& inner,
                                                 eventlog::Positions limits);

}  // namespace stem::crash

#endif  // STEM_TESTS_CRASH_TRUNCATED_LOG_H_
