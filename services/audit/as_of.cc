#include "services/audit/as_of.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "libs/events/timestamps.h"
#include "services/audit/log_reading.h"

namespace stem::audit {
namespace {

// Per partition, the first offset whose fact was accepted after `as_of`. The suite's clock
// only moves forward, so within a partition the facts after it are all later.
absl::StatusOr<eventlog::Positions> EndsAt(eventlog::EventLog& log,
                                           const std::vector<std::string>& topics, absl::Time as_of,
                                           absl::Time deadline, int64_t& facts_known) {
  auto contents = ReadTopics(log, topics, deadline);
  if (!contents.ok()) return contents.status();
  eventlog::Positions ends = contents->ends;
  facts_known = 0;
  for (const eventlog::Record& record : contents->records) {
    events::v1::EventEnvelope event;
    const bool later =
        event.ParseFromString(record.value) && events::FromTimestamp(event.occurred_at()) > as_of;
    int64_t& end = ends[record.topic_partition];
    if (later) {
      end = std::min(end, record.offset);
    } else if (record.offset < end) {
      ++facts_known;
    }
  }
  return ends;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AsOfView>> AsOfView::Open(
    eventlog::EventLog& log, const service::Topics& topics,
    const events::UpcasterRegistry& upcasters, const events::FactRules& fact_rules,
    const std::string& service, absl::Time as_of, const std::string& scratch_dir,
    absl::Time deadline) {
  std::error_code error;
  std::filesystem::create_directories(scratch_dir, error);
  if (error) return absl::InternalError("cannot create " + scratch_dir + ": " + error.message());
  std::unique_ptr<AsOfView> view(new AsOfView(as_of, scratch_dir));
  view->projector_ = ProjectorFor(service, topics, fact_rules);
  if (!view->projector_) return absl::InvalidArgumentError("no such projection: " + service);
  auto ends =
      EndsAt(log, view->projector_->projector().Topics(), as_of, deadline, view->facts_known_);
  if (!ends.ok()) return ends.status();
  view->log_ = std::make_unique<BoundedLog>(log, std::move(*ends));
  // The runtime puts the command guard around what it is given.
  service::RuntimeOptions options;
  options.store_path = absl::StrCat(scratch_dir, "/", service);
  auto runtime = service::ServiceRuntime::Start(
      *view->log_, view->clock_, view->projector_->unguarded(), upcasters, fact_rules, options);
  if (!runtime.ok()) return runtime.status();
  view->runtime_ = std::move(*runtime);
  if (absl::Status caught_up = view->runtime_->projection().WaitForAllTopics(deadline);
      !caught_up.ok()) {
    return caught_up;
  }
  return view;
}

AsOfView::~AsOfView() {
  runtime_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir_, ignored);
}

}  // namespace stem::audit
