// A blocking fetch that callers wait for only until their own deadline, whatever the fetch
// does. Debian 12's librdkafka (2.0.2) ignores the timeout of its offset queries while no
// broker answers (fixed upstream in 2.3.0), so a caller that made the call itself could
// hang for the whole outage and keep its thread. Here the fetch runs on one thread of its
// own; a caller that gives up leaves at its deadline, and however many callers wait, one
// fetch runs at a time.
//
// Freshness: a caller gets the result of a fetch that *started after it arrived*, so it
// sees everything that happened before its call (what an end offset must include).
// Callers that arrive together share one fetch, which also spares the brokers a query per
// caller under load.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_FRESH_FETCH_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_FRESH_FETCH_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace stem::eventlog::internal {

template <typename T>
class FreshFetch {
 public:
  using Fetch = std::function<absl::StatusOr<T>()>;

  // `fetch` runs on the fetch thread only; it must own (or share) what it uses, since a
  // fetch still blocked when this object is destroyed finishes on its own.
  explicit FreshFetch(Fetch fetch) : state_(std::make_shared<State>(std::move(fetch))) {
    std::thread([state = state_] { Run(*state); }).detach();
  }

  ~FreshFetch() {
    absl::MutexLock lock(&state_->mu);
    state_->stopping = true;
  }

  FreshFetch(const FreshFetch&) = delete;
  FreshFetch& operator=(const FreshFetch&) = delete;

  // The result of a fetch that started after this call, or nullopt when none finished by
  // `deadline`.
  std::optional<absl::StatusOr<T>> Get(absl::Time deadline) {
    State& state = *state_;
    absl::MutexLock lock(&state.mu);
    const int64_t needed = state.started + 1;
    state.wanted = std::max(state.wanted, needed);
    auto done = [&state, needed]()
                    ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu) { return state.finished >= needed; };
    state.mu.AwaitWithDeadline(absl::Condition(&done), deadline);
    if (!done()) return std::nullopt;
    return state.last;
  }

 private:
  struct State {
    explicit State(Fetch run) : fetch(std::move(run)) {}
    const Fetch fetch;
    absl::Mutex mu;
    bool stopping ABSL_GUARDED_BY(mu) = false;
    // The newest run a caller waits for; runs go on until it has finished.
    int64_t wanted ABSL_GUARDED_BY(mu) = 0;
    int64_t started ABSL_GUARDED_BY(mu) = 0;
    int64_t finished ABSL_GUARDED_BY(mu) = 0;
    absl::StatusOr<T> last ABSL_GUARDED_BY(mu);
  };

  static void Run(State& state) {
    absl::MutexLock lock(&state.mu);
    while (true) {
      auto has_work = [&state]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(state.mu) {
        return state.stopping || state.finished < state.wanted;
      };
      state.mu.Await(absl::Condition(&has_work));
      if (state.stopping) return;
      const int64_t generation = ++state.started;
      state.mu.Unlock();
      absl::StatusOr<T> result = state.fetch();
      state.mu.Lock();
      state.last = std::move(result);
      state.finished = generation;
    }
  }

  const std::shared_ptr<State> state_;
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_FRESH_FETCH_H_
