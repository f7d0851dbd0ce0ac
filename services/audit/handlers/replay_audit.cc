#include "services/audit/replay_audit.h"

#include "libs/metrics/metrics.h"
#include "libs/service/call.h"
#include "services/audit/audit_service.h"

namespace stem::audit {
namespace {

// stem_audit_replays_total{result}: passed, failed (divergences found) or error (the audit
// could not run to its end), for alerting on a failed audit.
void CountReplayAudit(const absl::StatusOr<v1::AuditReport>& report) {
  static metrics::Family<metrics::Counter>& replays = metrics::ProcessRegistry().AddCounter(
      "stem_audit_replays_total", "ReplayAudit runs by result: passed, failed or error",
      {"result"});
  replays.With({!report.ok() ? "error" : report->passed() ? "passed" : "failed"}).Increment();
}

}  // namespace

grpc::Status AuditServiceImpl::ReplayAudit(grpc::ServerContext* context,
                                           const v1::ReplayAuditRequest* request,
                                           grpc::ServerWriter<v1::ReplayAuditResponse>* writer) {
  using identity::v1::ACTOR_ROLE_AUDITOR;
  using identity::v1::ACTOR_ROLE_OFFICER;
  return service::Serve(deps_.authenticator, context, *request,
                        {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER},
                        [&](const service::Call&) -> absl::Status {
                          auto run = BeginExpensiveRead("replay", *context);
                          if (!run.ok()) return run.status();
                          // The live side first: the replay then stops exactly where each store
                          // stood.
                          auto live = deps_.live.Take();
                          if (!live.ok()) return live.status();
                          ReplayAuditContext audit{deps_.log,
                                                   deps_.topics,
                                                   deps_.upcasters,
                                                   deps_.fact_rules,
                                                   (*run)->scratch_dir(),
                                                   (*run)->deadline(),
                                                   [&](const v1::AuditProgress& progress) {
                                                     v1::ReplayAuditResponse message;
                                                     *message.mutable_progress() = progress;
                                                     writer->Write(message);
                                                   }};
                          auto report = RunReplayAudit(audit, *live);
                          CountReplayAudit(report);
                          if (!report.ok()) return report.status();
                          v1::ReplayAuditResponse last;
                          *last.mutable_report() = std::move(*report);
                          writer->Write(last);
                          return absl::OkStatus();
                        });
}

}  // namespace stem::audit
