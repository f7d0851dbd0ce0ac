#include "libs/common/rate_limited_log.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/absl_compat.h"
#include "libs/common/log.h"

namespace stem {

RateLimitedLog::RateLimitedLog(Options options) : options_(std::move(options)) {
  if (!options_.sink) {
    options_.sink = [](std::string_view line) { log::Warning(line); };
  }
  if (!options_.now) options_.now = [] { return absl::Now(); };
  options_.burst = std::max(1, options_.burst);
  tokens_ = options_.burst;
  refilled_at_ = options_.now();
}

void RateLimitedLog::Log(std::string_view line) {
  std::string written;
  {
    std::lock_guard lock(mutex_);
    ++logged_;
    const absl::Time now = options_.now();
    if (now > refilled_at_) {
      tokens_ = std::min<double>(
          options_.burst, tokens_ + absl::FDivDuration(now - refilled_at_, options_.interval));
      refilled_at_ = now;
    }
    if (tokens_ < 1) {
      ++left_out_;
      ++left_out_since_written_;
      return;
    }
    tokens_ -= 1;
    written = absl::StrCat(options_.topic, ": ", ToAbsl(line));
    if (left_out_since_written_ > 0) {
      absl::StrAppend(&written, " (", left_out_since_written_, " similar lines left out before)");
      left_out_since_written_ = 0;
    }
  }
  options_.sink(written);
}

int64_t RateLimitedLog::logged() const {
  std::lock_guard lock(mutex_);
  return logged_;
}

int64_t RateLimitedLog::left_out() const {
  std::lock_guard lock(mutex_);
  return left_out_;
}

}  // namespace stem
