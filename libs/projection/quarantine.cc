#include "libs/projection/quarantine.h"

#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/rate_limited_log.h"
#include "libs/common/text.h"
#include "libs/metrics/metrics.h"

namespace stem::projection {
namespace {

// The detail is the projector's or the rule's message; it may quote the fact's text, which
// Quote has already made safe, but its length is bounded here too.
constexpr size_t kMaxDetail = 1000;

metrics::Family<metrics::Counter>& SetAsideCount() {
  static metrics::Family<metrics::Counter>& family = metrics::ProcessRegistry().AddCounter(
      "stem_projection_facts_set_aside_total",
      "Facts a projection of this process set aside (quarantine), by reason", {"reason"});
  return family;
}

RateLimitedLog& SetAsideLog() {
  static RateLimitedLog* const log =
      new RateLimitedLog({"projection set a fact aside", 20, absl::Seconds(1), nullptr, nullptr});
  return *log;
}

}  // namespace

void SetAside(Batch& batch, const eventlog::Record& record, const events::v1::EventEnvelope* event,
              projection::v1::QuarantineReason reason, std::string_view detail) {
  projection::v1::QuarantinedFact fact;
  fact.mutable_position()->set_topic(record.topic_partition.topic);
  fact.mutable_position()->set_partition(record.topic_partition.partition);
  fact.mutable_position()->set_offset(record.offset);
  if (event != nullptr) {
    fact.set_event_id(event->event_id());
    fact.set_event_type(event->event_type());
    fact.set_aggregate_type(event->aggregate_type());
    fact.set_aggregate_id(event->aggregate_id());
    fact.set_aggregate_version(event->aggregate_version());
  }
  fact.set_reason(reason);
  fact.set_detail(EscapeForTerminal(detail.substr(0, kMaxDetail)));
  batch.Quarantine(fact);
  SetAsideLog().Log(Describe(fact));
  // "QUARANTINE_REASON_FACT_INVALID" -> "FACT_INVALID"
  SetAsideCount().With({projection::v1::QuarantineReason_Name(reason).substr(18)}).Increment();
}

std::string DetailOf(const absl::Status& why) {
  const std::string reason = ReasonOf(why);
  return reason.empty() ? std::string(FromAbsl(why.message()))
                        : absl::StrCat(reason, ": ", why.message());
}

std::string Describe(const projection::v1::QuarantinedFact& fact) {
  std::string what = fact.event_type().empty()
                         ? std::string("a record that is not a fact")
                         : absl::StrCat(fact.event_type(), " of ", fact.aggregate_type(), " ",
                                        fact.aggregate_id(), " version ", fact.aggregate_version());
  return absl::StrCat(fact.position().topic(), "-", fact.position().partition(), "@",
                      fact.position().offset(), " (", EscapeForTerminal(what),
                      "): ", projection::v1::QuarantineReason_Name(fact.reason()).substr(18), ": ",
                      fact.detail());
}

}  // namespace stem::projection
