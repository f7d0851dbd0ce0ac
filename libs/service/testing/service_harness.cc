#include "libs/service/testing/service_harness.h"

#include <gtest/gtest.h>

#include "libs/common/check.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/rpc/testing/test_tokens.h"
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
  auto server = rpc::Server::Start({}, {replica.service.get()}, {});
  STEM_CHECK(server.ok(), "start the server");
  replica.server = std::move(*server);
  STEM_CHECK(replica.runtime->projection().WaitForAllTopics(absl::Now() + absl::Seconds(30)).ok(),
             "catch up");
  replica.server->SetServing(true);
  replicas_.push_back(std::move(replica));
  return static_cast<int>(replicas_.size()) - 1;
}

std::shared_ptr<grpc::Channel> ServiceHarness::Channel(int replica) const {
  return grpc::CreateChannel("127.0.0.1:" + std::to_string(replicas_.at(replica).server->port()),
                             grpc::InsecureChannelCredentials());
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

int64_t ServiceHarness::RecordCount(const std::string& topic) {
  auto ends = log_->EndOffsets(topic, absl::Now() + absl::Seconds(10));
  STEM_CHECK(ends.ok(), "end offsets");
  int64_t total = 0;
  for (const auto& [partition, end] : *ends) total += end;
  return total;
}

}  // namespace stem::service::testing
