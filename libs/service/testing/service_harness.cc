#include "libs/service/testing/service_harness.h"

#include <gtest/gtest.h>

#include "libs/common/check.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/eventlog/start_at.h"
#include "libs/events/event_factory.h"
#include "libs/rpc/testing/test_tokens.h"
#include "libs/service/command_guard.h"
#include "libs/service/topics.h"

namespace stem::service::testing {

ServiceHarness::ServiceHarness(const HarnessOptions& options)
    : topics_(Topics::WithPrefix(options.topic_prefix)),
      fact_rules_(options.fact_rules != nullptr ? options.fact_rules : &no_fact_rules_) {
  if (options.open_log) {
    log_ = options.open_log(dir_.Sub("log"));
  } else {
    auto log = eventlog::OpenEmbeddedEventLog({dir_.Sub("log"), /*sync=*/false});
    STEM_CHECK(log.ok(), "open the embedded log");
    log_ = std::move(*log);
  }
  STEM_CHECK(log_ != nullptr, "open the log");
  STEM_CHECK(log_->EnsureTopics(topics_.Specs(options.partitions)).ok(), "create topics");
  auto start = clock::ParseInstant(options.clock_start);
  STEM_CHECK(start.ok(), "clock_start");
  clock_ = *clock::ClockControl::Create({*start, ""});
  using rpc::testing::TestToken;
  std::string tokens = TestToken("officer") + " OFFICER officer@vlaio.be\n" + TestToken("auditor") +
                       " AUDITOR rekenhof\n" + TestToken("operator") + " OPERATOR ops\n";
  for (const std::string& kbo : options.academies) {
    tokens += TestToken("academy-" + kbo) + " ACADEMY " + kbo + "\n";
  }
  for (const std::string& nis : options.municipalities) {
    tokens += TestToken("municipality-" + nis) + " MUNICIPALITY " + nis + "\n";
  }
  auto authenticator = rpc::TokenFileAuthenticator::Parse(tokens);
  STEM_CHECK(authenticator.ok(), "token file");
  authenticator_ = std::move(*authenticator);
}

ServiceHarness::~ServiceHarness() {
  // Servers first (no call may still run), then runtimes, then the log.
  for (Replica& replica : replicas_) replica.server.reset();
  replicas_.clear();
}

int ServiceHarness::StartReplica(projection::Projector& projector,
                                 const ServiceFactory& make_service) {
  Replica replica;
  RuntimeOptions options;
  options.store_path = dir_.Sub("store-" + std::to_string(replicas_.size()));
  auto runtime =
      ServiceRuntime::Start(*log_, clock_->clock(), projector, upcasters_, *fact_rules_, options);
  STEM_CHECK(runtime.ok(), "start the service runtime");
  replica.runtime = std::move(*runtime);
  replica.service = make_service(*replica.runtime, *authenticator_);
  std::vector<grpc::Service*> services;
  if (replica.service != nullptr) services.push_back(replica.service.get());
  auto server = rpc::Server::Start({}, services, {});
  STEM_CHECK(server.ok(), "start the server");
  replica.server = std::move(*server);
  STEM_CHECK(replica.runtime->projection().WaitForAllTopics(absl::Now() + absl::Seconds(30)).ok(),
             "catch up");
  replica.server->SetServing(true);
  replicas_.push_back(std::move(replica));
  return static_cast<int>(replicas_.size()) - 1;
}

int ServiceHarness::StartReadModel(projection::Projector& projector) {
  return StartReplica(projector,
                      [](ServiceRuntime&, const rpc::Authenticator&) { return nullptr; });
}

int64_t ServiceHarness::AppendFact(const std::string& topic, const std::string& aggregate_type,
                                   const std::string& aggregate_id,
                                   const google::protobuf::Message& payload) {
  events::EventFactory factory(clock_->clock(), upcasters_);
  events::CommandContext context;
  context.actor.set_role(identity::v1::ACTOR_ROLE_OFFICER);
  context.actor.set_identity("officer@vlaio.be");
  context.request_id = "appended-" + std::to_string(++appended_commands_);
  const int64_t version = ++appended_versions_[{aggregate_type, aggregate_id}];
  events::v1::EventEnvelope event =
      factory.Make(context, {aggregate_type, aggregate_id, version}, payload);
  event.set_command_id(events::NewUuid());
  event.set_command_event_index(0);
  event.set_command_event_count(1);
  // Chained as the command processor chains an aggregate's facts, so that an audit of the
  // log finds it whole.
  std::string& previous_hash = appended_hashes_[{aggregate_type, aggregate_id}];
  event.set_previous_hash(previous_hash);
  std::string bytes = event.SerializeAsString();
  previous_hash = FactHash(bytes);
  auto appended =
      log_->Append({{topic, aggregate_id, std::move(bytes)}}, absl::Now() + absl::Seconds(30));
  EXPECT_TRUE(appended.ok()) << appended.status();
  return version;
}

int64_t ServiceHarness::AppendedVersion(const std::string& aggregate_type,
                                        const std::string& aggregate_id) const {
  auto found = appended_versions_.find({aggregate_type, aggregate_id});
  return found == appended_versions_.end() ? 0 : found->second;
}

std::string ServiceHarness::Address(int replica) const {
  return "127.0.0.1:" + std::to_string(replicas_.at(replica).server->port());
}

std::shared_ptr<grpc::Channel> ServiceHarness::Channel(int replica) const {
  return grpc::CreateChannel(Address(replica), grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> ServiceHarness::As(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + rpc::testing::TestToken(token));
  }
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

void ServiceHarness::AdvanceTo(const std::string& instant) {
  auto parsed = clock::ParseInstant(instant);
  STEM_CHECK(parsed.ok(), "instant");
  STEM_CHECK(clock_->AdvanceTo(*parsed).ok(), "advance the clock");
}

absl::Status ServiceHarness::CatchUpAll(absl::Time deadline) {
  for (Replica& replica : replicas_) {
    if (absl::Status caught_up = replica.runtime->projection().WaitForAllTopics(deadline);
        !caught_up.ok()) {
      return caught_up;
    }
  }
  return absl::OkStatus();
}

std::vector<events::v1::EventEnvelope> ServiceHarness::Facts(const std::string& topic) {
  const int64_t total = RecordCount(topic);
  eventlog::StartAt listener;
  eventlog::SubscriptionOptions options;
  options.topics = {topic};
  options.listener = &listener;
  auto subscription = log_->Subscribe(options);
  EXPECT_TRUE(subscription.ok()) << subscription.status();
  if (!subscription.ok()) return {};
  std::map<int32_t, std::vector<events::v1::EventEnvelope>> by_partition;
  int64_t read = 0;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (read < total && absl::Now() < give_up) {
    auto batch = (*subscription)->Poll(absl::Milliseconds(100), 1000);
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok()) return {};
    for (const eventlog::Record& record : *batch) {
      events::v1::EventEnvelope& fact =
          by_partition[record.topic_partition.partition].emplace_back();
      EXPECT_TRUE(fact.ParseFromString(record.value)) << "not an envelope";
      ++read;
    }
  }
  EXPECT_EQ(read, total) << "every fact of " << topic << " read";
  std::vector<events::v1::EventEnvelope> facts;
  for (auto& [partition, facts_of_partition] : by_partition) {
    for (auto& fact : facts_of_partition) facts.push_back(std::move(fact));
  }
  return facts;
}

int64_t ServiceHarness::RecordCount(const std::string& topic) {
  auto ends = log_->EndOffsets(topic, absl::Now() + absl::Seconds(10));
  STEM_CHECK(ends.ok(), "end offsets");
  int64_t total = 0;
  for (const auto& [partition, end] : *ends) total += end;
  return total;
}

}  // namespace stem::service::testing
