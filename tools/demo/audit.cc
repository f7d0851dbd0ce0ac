#include "tools/demo/audit.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/common/error.h"
#include "tools/demo/report_printer.h"

namespace stem::demo {
namespace {

constexpr int kProgressSteps = 4;
constexpr int kDivergencesShown = 5;
constexpr int kComputationLinesShown = 8;

void Print(std::FILE* out, const std::string& line) {
  std::fprintf(out, "%s\n", line.c_str());
  std::fflush(out);
}

// Progress per stage, a few lines each: a newcomer sees it move, a log stays short.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::FILE* out) : out_(out) {}

  void Show(const audit::v1::AuditProgress& progress) {
    int& shown = steps_shown_[progress.stage()];
    const int64_t total = std::max<int64_t>(progress.total(), 1);
    const int step = static_cast<int>(progress.done() * kProgressSteps / total);
    if (step <= shown && !(shown == 0 && progress.done() == 0)) return;
    shown = std::max(shown, step);
    Print(out_, absl::StrFormat("  audit %-12s %s of %s", progress.stage(),
                                Thousands(progress.done()), Thousands(progress.total())));
  }

 private:
  std::FILE* out_;
  std::map<std::string, int> steps_shown_;
};

// The largest grant of `period_id`, explained from the facts it depended on.
absl::Status ExplainLargestGrant(DemoClient& client, const AuditOptions& options) {
  subsidy::v1::ListApplicationsRequest list;
  list.set_period_id(options.explain_period);
  list.set_page_size(500);
  subsidy::v1::ListApplicationsResponse applications;
  if (absl::Status listed =
          Invoke(client, Auditor(), "ListApplications", options.explain_period, client.subsidy(),
                 &subsidy::v1::SubsidyService::Stub::ListApplications, list, &applications);
      !listed.ok()) {
    return listed;
  }
  const subsidy::v1::Application* largest = nullptr;
  for (const subsidy::v1::Application& application : applications.applications()) {
    if (largest == nullptr ||
        application.decided_amount_cents() > largest->decided_amount_cents()) {
      largest = &application;
    }
  }
  if (largest == nullptr) return absl::OkStatus();
  audit::v1::ExplainDecisionRequest request;
  request.set_period_id(options.explain_period);
  request.set_academy_kbo(largest->academy_kbo());
  audit::v1::ExplainDecisionResponse explained;
  if (absl::Status status =
          Invoke(client, Auditor(), "ExplainDecision",
                 options.explain_period + "/" + largest->academy_kbo(), client.audit(),
                 &audit::v1::AuditService::Stub::ExplainDecision, request, &explained);
      !status.ok()) {
    return status;
  }
  Print(options.out,
        absl::StrCat("  why academy ", largest->academy_kbo(), " got ",
                     Euros(explained.recorded().amount_cents()), " in period ",
                     options.explain_period, ": ", explained.inputs_size(),
                     " facts in, recomputed ", Euros(explained.recomputed_amount_cents()),
                     explained.reproduced() ? " (reproduced)" : " (NOT reproduced)"));
  for (int i = 0; i < explained.computation_size() && i < kComputationLinesShown; ++i) {
    Print(options.out, "    " + explained.computation(i));
  }
  if (!explained.reproduced()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "AUDIT_FAILED",
                     "the decision on " + largest->academy_kbo() + " is not reproduced");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunAudit(DemoClient& client, const AuditOptions& options) {
  Print(options.out, "audit: an auditor replays the whole log and recomputes every decision");
  auto context = client.As(Auditor());
  if (!context.ok()) return context.status();
  audit::v1::ReplayAuditRequest request;
  auto stream = client.audit().ReplayAudit(context->get(), request);
  ProgressPrinter progress(options.out);
  audit::v1::ReplayAuditResponse message;
  std::optional<audit::v1::AuditReport> report;
  while (stream->Read(&message)) {
    if (message.has_progress()) progress.Show(message.progress());
    if (message.has_report()) report = message.report();
  }
  const grpc::Status finished = stream->Finish();
  if (finished.error_code() == grpc::StatusCode::UNIMPLEMENTED && !options.require_audit_service) {
    Print(options.out, "  audit skipped: this server does not serve stem.audit.v1.AuditService");
    return absl::OkStatus();
  }
  if (absl::Status status = Expect("ReplayAudit", "the whole log", finished); !status.ok()) {
    return status;
  }
  if (!report) return absl::DataLossError("ReplayAudit ended without its report");
  int reproduced = 0;
  for (const audit::v1::DecisionCheck& decision : report->decisions()) {
    reproduced += decision.reproduced() ? 1 : 0;
  }
  int projections_equal = 0;
  for (const audit::v1::ProjectionCheck& projection : report->projections()) {
    projections_equal += projection.equal() ? 1 : 0;
  }
  Print(options.out,
        absl::StrCat("  verdict: ", report->passed() ? "PASSED" : "FAILED", ": ",
                     Thousands(report->facts_read()), " facts read, ",
                     Thousands(report->aggregates_verified()),
                     " aggregates' hash chains verified, ", projections_equal, " of ",
                     report->projections_size(), " projections rebuilt identical, ", reproduced,
                     " of ", report->decisions_size(), " decisions reproduced"));
  for (int i = 0; i < report->divergences_size() && i < kDivergencesShown; ++i) {
    const audit::v1::Divergence& divergence = report->divergences(i);
    Print(options.out, absl::StrCat("    ", audit::v1::DivergenceKind_Name(divergence.kind()), ": ",
                                    divergence.description()));
  }
  // The explanation helps whatever the verdict: it shows what one decision rests on.
  absl::Status explained = ExplainLargestGrant(client, options);
  if (!report->passed()) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "AUDIT_FAILED",
        absl::StrCat("the audit found ", report->divergences_size(), " divergences (the first: ",
                     report->divergences().empty() ? std::string("none listed")
                                                   : report->divergences(0).description(),
                     ")"));
  }
  return explained;
}

}  // namespace stem::demo
