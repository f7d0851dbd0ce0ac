// FactStreamService.FollowFacts: catch up from a position, say so, then follow live.
#include "libs/service/fact_stream_service.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/eventlog/start_at.h"
#include "libs/rpc/server.h"
#include "libs/service/call.h"
#include "libs/service/command_guard.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::service {
namespace {

using facts::v1::FollowFactsRequest;
using facts::v1::FollowFactsResponse;

constexpr int kMaxEventTypes = 64;
constexpr size_t kRecordsPerPoll = 256;
constexpr absl::Duration kPollSlice = absl::Milliseconds(200);
// How long a stream waits on the log or its projection before it looks at its caller again.
constexpr absl::Duration kWaitSlice = absl::Seconds(1);
// How long the log's end may take to be known when the stream starts.
constexpr absl::Duration kEndOffsetsWait = absl::Seconds(30);

absl::Status Invalid(std::string_view reason, const std::string& message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

const std::string* TopicOf(facts::v1::Context context, const Topics& topics) {
  switch (context) {
    case facts::v1::CONTEXT_RECOGNITION:
      return &topics.recognition;
    case facts::v1::CONTEXT_ACTIVITY:
      return &topics.activity;
    case facts::v1::CONTEXT_PARTNERSHIP:
      return &topics.partnership;
    case facts::v1::CONTEXT_SUBSIDY:
      return &topics.subsidy;
    default:
      return nullptr;
  }
}

// Every partition of `topic` from the beginning, except where `from` says otherwise.
absl::StatusOr<eventlog::Positions> StartPositions(const std::string& from,
                                                   const std::string& topic, int32_t partitions) {
  eventlog::Positions start;
  for (int32_t partition = 0; partition < partitions; ++partition) start[{topic, partition}] = 0;
  if (from.empty()) return start;
  auto given = ParseLogPositions(from);
  if (!given.ok()) {
    return Invalid("RESUME_POSITION_INVALID", "`from` is not a resume_from this stream sent: " +
                                                  std::string(given.status().message()));
  }
  for (const auto& [partition, offset] : *given) {
    if (!start.contains(partition)) {
      return Invalid("RESUME_POSITION_INVALID",
                     "`from` names " + Quote(eventlog::ToString(partition)) +
                         ", which is not a partition of the context's topic " + Quote(topic));
    }
    start[partition] = offset;
  }
  return start;
}

// One follower per stream: reads the log, waits for the runtime's verdicts, sends what counted.
class Follower {
 public:
  Follower(ServiceRuntime& runtime, const events::UpcasterRegistry& upcasters,
           const FollowFactsRequest& request, grpc::ServerContext& context,
           grpc::ServerWriter<FollowFactsResponse>& writer, absl::Time deadline,
           eventlog::Positions resume)
      : runtime_(runtime),
        upcasters_(upcasters),
        request_(request),
        event_types_(request.event_types().begin(), request.event_types().end()),
        context_(context),
        writer_(writer),
        deadline_(deadline),
        resume_(std::move(resume)) {}

  absl::Status Run(eventlog::Subscription& subscription, const eventlog::Positions& log_end) {
    bool caught_up = false;
    while (absl::Now() < deadline_) {
      if (context_.IsCancelled()) return absl::CancelledError("the caller went away");
      auto records = subscription.Poll(kPollSlice, kRecordsPerPoll);
      if (!records.ok()) return records.status();
      if (absl::Status applied = AwaitApplied(*records); !applied.ok()) return applied;
      for (const eventlog::Record& record : *records) {
        if (absl::Status sent = Handle(record); !sent.ok()) return sent;
      }
      // Past what the batch held, also past Kafka's transaction markers.
      if (auto read = subscription.ReadPositions(); read.ok()) {
        for (const auto& [partition, next] : *read) {
          resume_[partition] = std::max(resume_[partition], next);
        }
      }
      if (!caught_up && Reached(log_end)) {
        caught_up = true;
        FollowFactsResponse response;
        response.mutable_caught_up();
        if (absl::Status sent = Send(response); !sent.ok()) return sent;
        if (request_.stop_when_caught_up()) return absl::OkStatus();
      }
    }
    return MakeError(absl::StatusCode::kDeadlineExceeded, "STREAM_ENDED",
                     "the stream reached its deadline; resume from the last resume_from");
  }

 private:
  // Until the runtime's projection has applied every record of the batch, so that its verdicts
  // on them are in its store.
  absl::Status AwaitApplied(const std::vector<eventlog::Record>& records) {
    eventlog::Positions targets;
    for (const eventlog::Record& record : records) {
      targets[record.topic_partition] =
          std::max(targets[record.topic_partition], record.offset + 1);
    }
    if (targets.empty()) return absl::OkStatus();
    while (true) {
      const absl::Time slice = std::min(deadline_, absl::Now() + kWaitSlice);
      absl::Status reached = runtime_.projection().WaitFor(targets, slice);
      if (reached.ok() || reached.code() != absl::StatusCode::kDeadlineExceeded) return reached;
      if (context_.IsCancelled()) return absl::CancelledError("the caller went away");
      if (absl::Now() >= deadline_) return reached;
    }
  }

  absl::Status Handle(const eventlog::Record& record) {
    resume_[record.topic_partition] = record.offset + 1;
    auto counted = Counted(record);
    if (!counted.ok()) return counted.status();
    if (!*counted) return absl::OkStatus();
    FollowFactsResponse response;
    facts::v1::Fact* fact = response.mutable_fact();
    events::v1::EventEnvelope* event = fact->mutable_event();
    // The projection set aside a record that does not parse or upcast: one that it applied
    // does both.
    if (!event->ParseFromString(record.value) || !upcasters_.Upcast(*event).ok()) {
      return absl::OkStatus();
    }
    if (!event_types_.empty() && !event_types_.contains(event->event_type())) {
      return absl::OkStatus();
    }
    if (!request_.aggregate_id().empty() && event->aggregate_id() != request_.aggregate_id()) {
      return absl::OkStatus();
    }
    fact->mutable_position()->set_topic(record.topic_partition.topic);
    fact->mutable_position()->set_partition(record.topic_partition.partition);
    fact->mutable_position()->set_offset(record.offset);
    return Send(response);
  }

  // Whether the record is an accepted fact that took effect.
  absl::StatusOr<bool> Counted(const eventlog::Record& record) const {
    auto passed_over = WasPassedOver(runtime_.store(), record.topic_partition, record.offset);
    if (!passed_over.ok()) return passed_over.status();
    if (*passed_over) return false;
    bool set_aside = false;
    std::optional<eventlog::RecordPosition> after;
    if (record.offset > 0)
      after = eventlog::RecordPosition{record.topic_partition, record.offset - 1};
    using Place = std::tuple<std::string_view, int32_t, int64_t>;
    const Place position{record.topic_partition.topic, record.topic_partition.partition,
                         record.offset};
    absl::Status scanned =
        runtime_.store().ScanQuarantined(after, [&](const projection::v1::QuarantinedFact& fact) {
          const Place at{fact.position().topic(), fact.position().partition(),
                         fact.position().offset()};
          set_aside = at == position;
          return at < position;  // entries of earlier partitions come first
        });
    if (!scanned.ok()) return scanned;
    return !set_aside;
  }

  bool Reached(const eventlog::Positions& log_end) const {
    for (const auto& [partition, end] : log_end) {
      auto at = resume_.find(partition);
      if (at == resume_.end() || at->second < end) return false;
    }
    return true;
  }

  absl::Status Send(FollowFactsResponse& response) {
    response.set_resume_from(FormatLogPositions(resume_));
    if (!writer_.Write(response)) return absl::CancelledError("the caller went away");
    return absl::OkStatus();
  }

  ServiceRuntime& runtime_;
  const events::UpcasterRegistry& upcasters_;
  const FollowFactsRequest& request_;
  const std::set<std::string, std::less<>> event_types_;
  grpc::ServerContext& context_;
  grpc::ServerWriter<FollowFactsResponse>& writer_;
  const absl::Time deadline_;
  eventlog::Positions resume_;
};

// Counts the streams in flight; the slot is free again when it goes.
class StreamSlot {
 public:
  StreamSlot(std::atomic<int>& streams, int max) : streams_(streams) {
    taken_ = streams_.fetch_add(1) < max;
  }
  ~StreamSlot() { streams_.fetch_sub(1); }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<int>& streams_;
  bool taken_ = false;
};

}  // namespace

ServiceRuntime* FactStreamServiceImpl::RuntimeReading(const std::string& topic) const {
  ServiceRuntime* reader = nullptr;
  for (const auto& [name, runtime] : read_models_) {
    const std::vector<std::string>& topics = runtime->projection().topics();
    if (std::find(topics.begin(), topics.end(), topic) == topics.end()) continue;
    if (runtime->writes_topic() == topic) return runtime;
    if (reader == nullptr) reader = runtime;
  }
  return reader;
}

grpc::Status FactStreamServiceImpl::FollowFacts(grpc::ServerContext* context,
                                                const FollowFactsRequest* request,
                                                grpc::ServerWriter<FollowFactsResponse>* writer) {
  return Serve(
      authenticator_, context, *request,
      {identity::v1::ACTOR_ROLE_OFFICER, identity::v1::ACTOR_ROLE_AUDITOR},
      [&](const Call& call) -> absl::Status {
        const std::string* topic = TopicOf(request->context(), topics_);
        if (topic == nullptr) {
          return Invalid("CONTEXT_REQUIRED",
                         "name the context to follow: recognition, activity, partnership or "
                         "subsidy");
        }
        if (request->event_types_size() > kMaxEventTypes) {
          return Invalid("TOO_MANY",
                         "at most " + std::to_string(kMaxEventTypes) + " event types may be named");
        }
        ServiceRuntime* runtime = RuntimeReading(*topic);
        if (runtime == nullptr) {
          return MakeError(absl::StatusCode::kFailedPrecondition, "CONTEXT_NOT_SERVED",
                           "this process keeps no full read model of " + Quote(*topic) +
                               "; ask the context's own service");
        }
        auto partitions = log_.PartitionCount(*topic);
        if (!partitions.ok()) return partitions.status();
        auto start = StartPositions(request->from(), *topic, *partitions);
        if (!start.ok()) return start.status();
        StreamSlot slot(streams_, options_.max_streams);
        if (!slot.taken()) {
          return WithRetryDelay(MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_STREAMS",
                                          "this process follows its maximum of " +
                                              std::to_string(options_.max_streams) +
                                              " fact streams; try again later or another replica"),
                                absl::Seconds(5));
        }
        if (absl::Status ready = AwaitQueryState(*runtime, *context, call.deadline); !ready.ok()) {
          return ready;
        }
        if (runtime->rebuilding()) {
          return WithRetryDelay(
              MakeError(absl::StatusCode::kUnavailable, "PROJECTION_REBUILDING",
                        "this replica rebuilds the projection whose verdicts the stream reads"),
              absl::Seconds(5));
        }
        auto log_end =
            log_.EndOffsets(*topic, std::min(call.deadline, absl::Now() + kEndOffsetsWait));
        if (!log_end.ok()) return log_end.status();
        eventlog::StartAt start_at(*start);
        eventlog::SubscriptionOptions options;
        options.topics = {*topic};
        options.listener = &start_at;
        auto subscription = log_.Subscribe(options);
        if (!subscription.ok()) return subscription.status();
        Follower follower(*runtime, upcasters_, *request, *context, *writer,
                          rpc::CallDeadline(*context, options_.max_stream_duration), *start);
        return follower.Run(**subscription, *log_end);
      });
}

}  // namespace stem::service
