// Setting a fact aside (rulebook section 9): a fact a projection cannot apply never stops it.
// The runner (and the command guard, libs/service/command_guard.h) roll back what the fact
// wrote, record it in the store's quarantine (projection_store.h, quarantine.proto) with its
// position and why, log it (rate-limited), and go on. A replay sets the same fact aside the
// same way, so a rebuilt store still equals the live one; the audit fails naming it.
#ifndef STEM_LIBS_PROJECTION_QUARANTINE_H_
#define STEM_LIBS_PROJECTION_QUARANTINE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "libs/eventlog/event_log.h"
#include "libs/projection/projection_store.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/projection/v1/quarantine.pb.h"

namespace stem::projection {

// Records the fact at `record` as set aside in `batch`. `event` is null when the record is
// not an event envelope.
void SetAside(Batch& batch, const eventlog::Record& record, const events::v1::EventEnvelope* event,
              projection::v1::QuarantineReason reason, std::string_view detail);

// The detail recorded for an error: "REASON: message" (the message alone without a reason).
std::string DetailOf(const absl::Status& why);

// "stem.activity.events-2@17 (stem.activity.v1.SessionCancelled of activity act-1 version
// 3): FACT_INVALID: ..." - how logs and audits name a quarantined fact.
std::string Describe(const projection::v1::QuarantinedFact& fact);

}  // namespace stem::projection

#endif  // STEM_LIBS_PROJECTION_QUARANTINE_H_
