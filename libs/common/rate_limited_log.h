// A log for what callers cause - refused tokens, undecodable requests, text the protobuf
// parser complains about - that no caller can flood: up to `burst` lines at once, then one
// line per `interval`, and the next line that is written says how many were left out.
// Thread-safe.
#ifndef STEM_LIBS_COMMON_RATE_LIMITED_LOG_H_
#define STEM_LIBS_COMMON_RATE_LIMITED_LOG_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace stem {

class RateLimitedLog {
 public:
  struct Options {
    // What the lines are about, written before each ("authentication: ...").
    std::string topic;
    int burst = 10;
    absl::Duration interval = absl::Seconds(1);
    // Where lines go (stderr) and what time it is (absl::Now): tests replace both.
    std::function<void(std::string_view line)> sink;
    std::function<absl::Time()> now;
  };

  explicit RateLimitedLog(Options options);

  // Writes `line`, or counts it as left out when the budget is spent.
  void Log(std::string_view line);

  // Every line given to Log, and those left out, since the start.
  int64_t logged() const;
  int64_t left_out() const;

 private:
  Options options_;
  mutable std::mutex mutex_;
  double tokens_;
  absl::Time refilled_at_;
  int64_t logged_ = 0;
  int64_t left_out_ = 0;
  int64_t left_out_since_written_ = 0;
};

}  // namespace stem

#endif  // STEM_LIBS_COMMON_RATE_LIMITED_LOG_H_
