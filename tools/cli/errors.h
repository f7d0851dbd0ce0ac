// How `stem` ends: its exit statuses, and errors told to a person (the gRPC code, the
// ErrorInfo reason, the server's message and, for the common reasons, what to fix).
#ifndef STEM_TOOLS_CLI_ERRORS_H_
#define STEM_TOOLS_CLI_ERRORS_H_

#include <grpcpp/support/status.h>

#include <ostream>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace stem::cli {

// Scripts branch on these.
enum ExitStatus : int {
  kExitOk = 0,
  // The server answered and refused (the reason is on stderr).
  kExitRefused = 1,
  // The command line (or a file it names) is wrong; nothing was sent.
  kExitUsage = 2,
  // No answer: the server is down, unreachable, or did not answer within --timeout.
  kExitUnreachable = 3,
  // The server answered, and its answer is a negative verdict: an audit that found
  // divergences (printed like any result).
  kExitVerdictFailed = 4,
};

// What to do about an ErrorInfo reason (KBO_INVALID) or, for errors without a reason, a
// gRPC code name (UNAVAILABLE); empty when there is no advice.
std::string_view HintFor(std::string_view reason_or_code);

// The exit status for a failed call.
ExitStatus ExitStatusFor(const grpc::Status& status);

// Writes "error: <CODE> <REASON>: <message>" and the hint to `err`; returns the exit status.
// `server` is named in the advice for unreachable servers.
ExitStatus ReportRpcError(const grpc::Status& status, const std::string& server, std::ostream& err);

// Writes "error: <message>" and where to read about usage; returns kExitUsage.
ExitStatus ReportUsageError(const absl::Status& status, std::ostream& err);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_ERRORS_H_
