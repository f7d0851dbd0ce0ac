// How `stem` shows a server stream, message by message as it arrives.
//
// A message that reports progress (it, or the member of a oneof that it sets, has integer
// fields `done` and `total`, and perhaps a string `stage`) is progress: a bar on stderr
// when it is a terminal, else a line "<stage>: <done>/<total>" on stderr. Any other message
// is a result, rendered on stdout as --output says (a oneof wrapper is unwrapped for the
// table). With --output json every message, progress too, is one line of protobuf JSON on
// stdout (JSON Lines), for scripts.
#ifndef STEM_TOOLS_CLI_STREAM_OUTPUT_H_
#define STEM_TOOLS_CLI_STREAM_OUTPUT_H_

#include <google/protobuf/message.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "tools/cli/output.h"
#include "tools/cli/progress.h"

namespace stem::cli {

struct Progress {
  std::string stage;
  int64_t done = 0;
  int64_t total = 0;
};

// The progress `message` reports, if it is a progress message.
std::optional<Progress> ProgressOf(const google::protobuf::Message& message);

// Whether a result is a negative verdict: it (or the oneof member it sets) has a bool field
// `passed` that is false, as an audit report that found divergences.
bool IsFailedVerdict(const google::protobuf::Message& message);

class StreamPrinter {
 public:
  // `err_is_terminal`: progress is drawn as a bar rather than written as lines.
  StreamPrinter(OutputFormat format, std::ostream& out, std::ostream& err, bool err_is_terminal);
  StreamPrinter(const StreamPrinter&) = delete;
  StreamPrinter& operator=(const StreamPrinter&) = delete;

  void Print(const google::protobuf::Message& message);
  // Ends a bar still drawn; call when the stream ends, also when it failed.
  void Finish();

  // How many messages were results (not progress).
  int results() const { return results_; }
  // How many results were negative verdicts (IsFailedVerdict).
  int failed_verdicts() const { return failed_verdicts_; }

 private:
  void ShowProgress(const Progress& progress);

  const OutputFormat format_;
  std::ostream& out_;
  std::ostream& err_;
  const bool err_is_terminal_;
  std::unique_ptr<ProgressBar> bar_;
  std::string bar_stage_;
  int64_t bar_total_ = 0;
  int results_ = 0;
  int failed_verdicts_ = 0;
};

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_STREAM_OUTPUT_H_
