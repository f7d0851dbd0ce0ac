#include "tools/cli/errors.h"

#include <utility>

#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/rpc/status.h"

namespace stem::cli {
namespace {

// The reasons people meet most, and what to do about each. Reasons come from the services
// (libs/common/error.h); codes stand for errors that carry none.
constexpr std::pair<std::string_view, std::string_view> kHints[] = {
    {"KBO_INVALID", "write the KBO number as 0123.456.749, 0123456749 or BE0123456749"},
    {"MUNICIPALITY_UNKNOWN",
     "use the 5-digit NIS code of a Flemish municipality valid on that date (e.g. 11002)"},
    {"ATTESTATION_MISSING",
     "attest every criterion: --attestations.outside-school-hours, "
     "--attestations.open-to-every-child, --attestations.offered-as-trajectories"},
    {"DOMAINS_MISSING", "give at least one --domains (SCIENCE, TECHNOLOGY, ...)"},
    {"KIND_MISSING", "give --kind: `--help` lists its values"},
    {"REASON_MISSING", "give --reason: every decision and cancellation states why"},
    {"REASON_CODES_MISSING", "give one or more --reason-codes: `--help` lists them"},
    {"ACADEMY_NOT_FOUND",
     "no academy with this KBO number has applied: see `stem recognition submit-application`"},
    {"NEVER_RECOGNISED", "grant a provisional recognition first (--kind provisional)"},
    {"AGE_RANGE_INVALID",
     "give --ages.min-age <= --ages.max-age, within 0-99, overlapping ages 5-18"},
    {"SESSION_TIME_INVALID",
     "each session: an ISO date, start and end as HH:MM, end after start, at most 12 hours"},
    {"SESSIONS_COUNT_INVALID", "an activity has 1 to 200 sessions (--sessions)"},
    {"ATTENDANCE_LOCKED",
     "the reporting deadline of the subsidy period has passed: attendance is final"},
    {"WINDOW_CLOSED", "the application window has closed: see `stem subsidy get-period`"},
    {"WINDOW_NOT_OPEN", "the application window is not open yet: see `stem subsidy get-period`"},
    {"NOT_RECOGNISED",
     "the academy is not recognised on that date: see `stem recognition get-recognition-status`"},
    {"IDENTITY_MISSING",
     "give --token (or STEM_TOKEN), or --cert, --key and --ca (STEM_CERT, STEM_KEY, STEM_CA)"},
    {"IDENTITY_UNKNOWN", "the server does not know this token or certificate"},
    {"ROLE_NOT_ALLOWED", "your role may not do this: use an identity with a role that may"},
    {"NOT_OWN_ACADEMY", "an academy acts for its own KBO number only"},
    {"NOT_OWN_MUNICIPALITY", "a municipality acts for its own NIS code only"},
    {"VERSION_CONFLICT", "read it again and retry with the new version (--expected-version)"},
    {"REQUEST_ID_REUSED",
     "this --request-id was used for another request: leave it out to get a new one"},
    {"CONTENTION",
     "others changed the same record at the same time: retry with the same "
     "--request-id"},
    {"DATE_INVALID", "write dates as YYYY-MM-DD"},
    {"DATE_RANGE_INVALID", "give --from-date and --to-date as YYYY-MM-DD, from not after to"},
    {"INSTANT_INVALID", "write instants in RFC 3339, e.g. 2019-03-01T09:00:00Z"},
    {"AS_OF_MISSING", "give --as-of, an RFC 3339 instant, e.g. 2019-03-01T09:00:00Z"},
    {"PAGE_TOKEN_INVALID", "pass the next_page_token of the previous page unchanged"},
    {"PAGE_SIZE_INVALID", "--page-size is 1-500 (0: 100)"},
    {"CLOCK_BACKWARDS", "the clock never moves back: see `stem clock get-time`"},
    {"CLOCK_NOT_MANUAL",
     "this server runs on the system clock; only a process started with --clock_start moves"},
    {"HELIX_INCOMPLETE",
     "the partners need at least a LOCAL_GOVERNMENT, a COMPANY and an EDUCATION partner"},
    {"BUDGET_EXCEEDED", "the call's budget does not cover it: see `stem partnership get-call`"},
    {"START_OUT_OF_WINDOW",
     "start the project between the decision date and the call's latest start"},
    {"ALLOCATION_TOO_EARLY", "allocate after the period's reporting deadline"},
    {"DEADLINE_EXCEEDED",
     "no answer within --timeout; a command may still have been applied: retry with the same "
     "--request-id (it is never applied twice)"},
    {"UNIMPLEMENTED",
     "this server does not serve that service: point --server (or STEM_SERVER_<SERVICE>) at "
     "the process that does"},
};

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace

std::string_view HintFor(std::string_view reason_or_code) {
  for (const auto& [key, hint] : kHints) {
    if (key == reason_or_code) return hint;
  }
  return {};
}

ExitStatus ExitStatusFor(const grpc::Status& status) {
  if (status.ok()) return kExitOk;
  // A server that refuses says why (a reason) or at least answers with another code;
  // these two mean no answer came.
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    if (ReasonOf(rpc::FromGrpcStatus(status)).empty()) return kExitUnreachable;
  }
  return kExitRefused;
}

ExitStatus ReportRpcError(const grpc::Status& status, const std::string& server,
                          std::ostream& err) {
  const std::string reason = ReasonOf(rpc::FromGrpcStatus(status));
  const std::string code = CodeName(status.error_code());
  err << "error: " << code;
  if (!reason.empty()) err << " " << reason;
  err << ": " << EscapeForTerminal(status.error_message()) << "\n";
  std::string_view hint = HintFor(reason.empty() ? code : reason);
  std::string unreachable;
  if (reason.empty() && status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    unreachable =
        "is a server running at " + server + "? set --server, STEM_SERVER or STEM_SERVER_<SERVICE>";
    hint = unreachable;
  }
  if (!hint.empty()) err << "hint: " << hint << "\n";
  return ExitStatusFor(status);
}

ExitStatus ReportUsageError(const absl::Status& status, std::ostream& err) {
  err << "error: " << EscapeForTerminal(FromAbsl(status.message())) << "\n"
      << "Run with --help for more information.\n";
  return kExitUsage;
}

}  // namespace stem::cli
