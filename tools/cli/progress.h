// Progress of long operations (server streams, waiting for a server), drawn on stderr and
// only when it is a terminal: a script's log gets no carriage returns, its stdout nothing.
#ifndef STEM_TOOLS_CLI_PROGRESS_H_
#define STEM_TOOLS_CLI_PROGRESS_H_

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace stem::cli {

// Whether `stream` is a terminal.
bool IsTerminal(std::FILE* stream);

// "label [#########...........]  45% 450/1000": one line, `width` characters of bar.
std::string ProgressLine(std::string_view label, int64_t done, int64_t total, int width);

// A bar for work of known size, redrawn in place:
//   ProgressBar bar("replaying", events.size(), context.err, context.err_is_terminal);
//   for (...) bar.Update(++done);
//   bar.Finish();
// A disabled bar draws nothing.
class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total, std::ostream& out, bool enabled);
  ~ProgressBar() { Finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Redraws at most every 100 ms (and at the end): a tight loop may call it per item.
  void Update(int64_t done);
  // Draws the last state and ends the line; later calls do nothing.
  void Finish();

 private:
  void Draw();

  const std::string label_;
  const int64_t total_;
  std::ostream& out_;
  const bool enabled_;
  int64_t done_ = 0;
  absl::Time last_draw_ = absl::InfinitePast();
  bool finished_ = false;
};

// A spinner for waits of unknown length, with a status that may change while it turns.
class Spinner {
 public:
  Spinner(std::string label, std::ostream& out, bool enabled);
  ~Spinner() { Finish(""); }
  Spinner(const Spinner&) = delete;
  Spinner& operator=(const Spinner&) = delete;

  // Turns one step and shows `status`.
  void Tick(std::string_view status);
  // Clears the spinner's line and prints `message` (when not empty) on its own line.
  void Finish(std::string_view message);

 private:
  const std::string label_;
  std::ostream& out_;
  const bool enabled_;
  int step_ = 0;
  size_t last_width_ = 0;
  bool finished_ = false;
};

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_PROGRESS_H_
