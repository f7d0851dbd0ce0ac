// Runs a batch of independent commands (each on its own aggregate) on a few threads: the
// embedded log group-commits concurrent appends, so a handful in flight goes several times
// faster than one at a time, while the result stays the same as in any order.
#ifndef STEM_TOOLS_DEMO_BATCH_RUNNER_H_
#define STEM_TOOLS_DEMO_BATCH_RUNNER_H_

#include <cstddef>
#include <functional>

#include "absl/status/status.h"

namespace stem::demo {

// Calls task(0) ... task(count - 1) on up to `parallelism` threads. After a failure no
// new task starts; the answer is the failure with the lowest index, so that the same
// scenario reports the same failure however the threads ran.
absl::Status RunBatch(int parallelism, size_t count,
                      const std::function<absl::Status(size_t)>& task);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_BATCH_RUNNER_H_
