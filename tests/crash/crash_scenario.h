// What the crash test's parent and child agree on: the topic, and how the child is told
// what to do.
#ifndef STEM_TESTS_CRASH_CRASH_SCENARIO_H_
#define STEM_TESTS_CRASH_CRASH_SCENARIO_H_

#include <cstdint>

namespace stem::crash {

inline constexpr char kTopic[] = "crash.events";
inline constexpr int32_t kPartitions = 4;

// The child's exit codes (a SIGKILL is the other way it ends).
inline constexpr int kExitCaughtUp = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitError = 2;
inline constexpr int kExitViolation = 3;

}  // namespace stem::crash

#endif  // STEM_TESTS_CRASH_CRASH_SCENARIO_H_
