// The demo's last chapter: an auditor replays the whole log (stem.audit.v1.AuditService,
// ReplayAudit), the demo prints the progress and the verdict, and explains one decision
// from the facts it depended on.
#ifndef STEM_TOOLS_DEMO_AUDIT_H_
#define STEM_TOOLS_DEMO_AUDIT_H_

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "tools/demo/demo_client.h"

namespace stem::demo {

struct AuditOptions {
  // The period of the decision to explain: its largest grant.
  std::string explain_period = "2019-1";
  // When the server does not serve the AuditService (UNIMPLEMENTED): an error, or only a
  // note (an all-in-one built before the audit was wired in).
  bool require_audit_service = true;
  std::FILE* out = stdout;
};

// FAILED_PRECONDITION with reason AUDIT_FAILED when the audit found divergences.
absl::Status RunAudit(DemoClient& client, const AuditOptions& options);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_AUDIT_H_
