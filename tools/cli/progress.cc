#include "tools/cli/progress.h"

#include <unistd.h>

#include <algorithm>

#include "absl/time/clock.h"

namespace stem::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr absl::Duration kRedrawInterval = absl::Milliseconds(100);

}  // namespace

bool IsTerminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

std::string ProgressLine(std::string_view label, int64_t done, int64_t total, int width) {
  const int64_t bounded = std::clamp<int64_t>(done, 0, std::max<int64_t>(total, 0));
  const int64_t percent = total > 0 ? bounded * 100 / total : 100;
  const int64_t filled = total > 0 ? bounded * width / total : width;
  std::string line(label);
  line += " [";
  line += std::string(static_cast<size_t>(filled), '#');
  line += std::string(static_cast<size_t>(width - filled), '.');
  line += "] ";
  const std::string percent_text = std::to_string(percent) + "%";
  line += std::string(percent_text.size() < 4 ? 4 - percent_text.size() : 0, ' ') + percent_text;
  line += " " + std::to_string(done) + "/" + std::to_string(total);
  return line;
}

ProgressBar::ProgressBar(std::string label, int64_t total, std::ostream& out, bool enabled)
    : label_(std::move(label)), total_(total), out_(out), enabled_(enabled) {}

void ProgressBar::Update(int64_t done) {
  done_ = done;
  if (!enabled_ || finished_) return;
  const absl::Time now = absl::Now();
  if (now - last_draw_ < kRedrawInterval && done_ < total_) return;
  last_draw_ = now;
  Draw();
}

void ProgressBar::Finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  Draw();
  out_ << "\n" << std::flush;
}

void ProgressBar::Draw() {
  out_ << "\r" << ProgressLine(label_, done_, total_, kBarWidth) << std::flush;
}

Spinner::Spinner(std::string label, std::ostream& out, bool enabled)
    : label_(std::move(label)), out_(out), enabled_(enabled) {}

void Spinner::Tick(std::string_view status) {
  if (!enabled_ || finished_) return;
  static constexpr char kFrames[] = {'|', '/', '-', '\\'};
  std::string line = std::string(1, kFrames[step_++ % 4]) + " " + label_;
  if (!status.empty()) line += ": " + std::string(status);
  // Blank out what a longer earlier status left behind.
  const size_t width = line.size();
  line += std::string(last_width_ > width ? last_width_ - width : 0, ' ');
  last_width_ = width;
  out_ << "\r" << line << std::flush;
}

void Spinner::Finish(std::string_view message) {
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  out_ << "\r" << std::string(last_width_, ' ') << "\r";
  if (!message.empty()) out_ << message << "\n";
  out_ << std::flush;
}

}  // namespace stem::cli
