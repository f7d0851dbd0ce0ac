// The fact stream over a real gRPC server, embedded log and RocksDB store: what counted, in
// log order, without the attempts the command guard refused; resumable; live after catching up.
#include "libs/service/fact_stream_service.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "libs/common/error.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/rpc/status.h"
#include "libs/service/call.h"
#include "libs/service/testing/service_harness.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::service {
namespace {

using facts::v1::FactStreamService;
using facts::v1::FollowFactsRequest;
using facts::v1::FollowFactsResponse;

events::testing::v1::SampleStepRecorded Step(int64_t sequence, int64_t amount) {
  events::testing::v1::SampleStepRecorded step;
  step.set_sequence(sequence);
  step.set_amount(amount);
  return step;
}

struct Followed {
  std::vector<FollowFactsResponse> items;
  grpc::Status status;

  // "<aggregate>/<version>" of each fact, in the order sent.
  std::vector<std::string> Facts() const {
    std::vector<std::string> facts;
    for (const FollowFactsResponse& item : items) {
      if (item.has_fact()) {
        facts.push_back(item.fact().event().aggregate_id() + "/" +
                        std::to_string(item.fact().event().aggregate_version()));
      }
    }
    return facts;
  }
};

class FactStreamTest : public ::testing::Test {
 protected:
  FactStreamTest() : harness_(Options()), tally_({harness_.topics().recognition}) {
    harness_.StartReplica(tally_, [&](ServiceRuntime& runtime, const rpc::Authenticator& auth) {
      return std::make_unique<FactStreamServiceImpl>(
          harness_.log(), harness_.topics(),
          std::map<std::string, ServiceRuntime*>{{"tally", &runtime}}, upcasters_, auth,
          FactStreamOptions{.max_streams = 2});
    });
  }

  static testing::HarnessOptions Options() {
    testing::HarnessOptions options;
    options.academies = {"0123456749"};
    return options;
  }

  const std::string& topic() const { return harness_.topics().recognition; }

  // Appends as another writer would, outside the command processor.
  void AppendRaw(const events::v1::EventEnvelope& event) {
    auto appended =
        harness_.log().Append({{topic(), event.aggregate_id(), event.SerializeAsString()}},
                              absl::Now() + absl::Seconds(10));
    ASSERT_TRUE(appended.ok()) << appended.status();
  }

  Followed FollowToEnd(FollowFactsRequest request, const std::string& token = "officer") {
    request.set_stop_when_caught_up(true);
    auto context = testing::ServiceHarness::As(token);
    auto reader =
        FactStreamService::NewStub(harness_.Channel())->FollowFacts(context.get(), request);
    Followed followed;
    FollowFactsResponse item;
    while (reader->Read(&item)) followed.items.push_back(item);
    followed.status = reader->Finish();
    return followed;
  }

  static FollowFactsRequest Recognition() {
    FollowFactsRequest request;
    request.set_context(facts::v1::CONTEXT_RECOGNITION);
    return request;
  }

  events::UpcasterRegistry upcasters_;
  testing::ServiceHarness harness_;
  projection::testing::TallyProjector tally_;
};

std::string ReasonOfStatus(const grpc::Status& status) {
  return ReasonOf(rpc::FromGrpcStatus(status));
}

TEST_F(FactStreamTest, SendsAcceptedFactsOnlyThenSaysItCaughtUp) {
  harness_.AppendFact(topic(), "tally", "a1", Step(1, 5));
  harness_.AppendFact(topic(), "tally", "a1", Step(2, 7));
  harness_.AppendFact(topic(), "tally", "b1", Step(1, 3));
  // Another writer's attempt at version 2 of a1, which the log orders after the accepted one.
  AppendRaw(projection::testing::StepEvent("refused-attempt", "a1", 2, 100));
  // An accepted fact's record again (a writer that retried outside its transaction).
  const std::vector<events::v1::EventEnvelope> written = harness_.Facts(topic());
  AppendRaw(written.front());
  ASSERT_TRUE(harness_.CatchUpAll(absl::Now() + absl::Seconds(30)).ok());

  const Followed followed = FollowToEnd(Recognition());
  ASSERT_TRUE(followed.status.ok()) << followed.status.error_message();
  const std::vector<std::string> facts = followed.Facts();
  EXPECT_EQ(std::multiset<std::string>(facts.begin(), facts.end()),
            (std::multiset<std::string>{"a1/1", "a1/2", "b1/1"}));
  ASSERT_FALSE(followed.items.empty());
  EXPECT_TRUE(followed.items.back().has_caught_up());
  for (const FollowFactsResponse& item : followed.items) {
    EXPECT_NE(item.fact().event().event_id(), "refused-attempt");
    EXPECT_FALSE(item.resume_from().empty());
  }
  // Per partition in log order: a1's facts in version order.
  EXPECT_LT(std::find(facts.begin(), facts.end(), "a1/1"),
            std::find(facts.begin(), facts.end(), "a1/2"));
  // The position names the record the log holds.
  const facts::v1::Fact& first = followed.items.front().fact();
  EXPECT_EQ(first.position().topic(), topic());
  EXPECT_GE(first.position().offset(), 0);
}

TEST_F(FactStreamTest, FiltersByTypeAndAggregate) {
  harness_.AppendFact(topic(), "tally", "a1", Step(1, 5));
  harness_.AppendFact(topic(), "tally", "b1", Step(1, 3));
  FollowFactsRequest by_aggregate = Recognition();
  by_aggregate.set_aggregate_id("b1");
  EXPECT_EQ(FollowToEnd(by_aggregate).Facts(), std::vector<std::string>{"b1/1"});

  FollowFactsRequest by_type = Recognition();
  by_type.add_event_types("stem.recognition.v1.RecognitionGranted");
  const Followed none = FollowToEnd(by_type);
  ASSERT_TRUE(none.status.ok());
  EXPECT_TRUE(none.Facts().empty());
  ASSERT_EQ(none.items.size(), 1u);  // caught up, and where to resume past what was filtered
  auto past = ParseLogPositions(none.items.front().resume_from());
  ASSERT_TRUE(past.ok()) << past.status();
  int64_t records_passed = 0;
  for (const auto& [partition, next] : *past) records_passed += next;
  EXPECT_EQ(records_passed, 2);

  by_type.set_event_types(0, events::testing::v1::SampleStepRecorded::descriptor()->full_name());
  EXPECT_EQ(FollowToEnd(by_type).Facts().size(), 2u);
}

TEST_F(FactStreamTest, ResumesAfterTheLastItemReceived) {
  for (int i = 1; i <= 4; ++i) harness_.AppendFact(topic(), "tally", "a1", Step(i, i));
  harness_.AppendFact(topic(), "tally", "b1", Step(1, 1));
  const Followed all = FollowToEnd(Recognition());
  ASSERT_EQ(all.Facts().size(), 5u);
  FollowFactsRequest resumed = Recognition();
  resumed.set_from(all.items[1].resume_from());
  const Followed rest = FollowToEnd(resumed);
  ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
  std::vector<std::string> expected = all.Facts();
  expected.erase(expected.begin(), expected.begin() + 2);
  EXPECT_EQ(rest.Facts(), expected);
  // From the end: only that it is caught up.
  resumed.set_from(all.items.back().resume_from());
  EXPECT_TRUE(FollowToEnd(resumed).Facts().empty());
}

TEST_F(FactStreamTest, FollowsLiveFactsAfterCatchingUp) {
  harness_.AppendFact(topic(), "tally", "a1", Step(1, 5));
  auto context = testing::ServiceHarness::As("auditor");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto reader =
      FactStreamService::NewStub(harness_.Channel())->FollowFacts(context.get(), Recognition());
  FollowFactsResponse item;
  ASSERT_TRUE(reader->Read(&item));
  EXPECT_EQ(item.fact().event().aggregate_id(), "a1");
  ASSERT_TRUE(reader->Read(&item));
  EXPECT_TRUE(item.has_caught_up());
  harness_.AppendFact(topic(), "tally", "c1", Step(1, 9));
  ASSERT_TRUE(reader->Read(&item));
  EXPECT_EQ(item.fact().event().aggregate_id(), "c1");
  context->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(FactStreamTest, RefusesWhatItCannotServe) {
  EXPECT_EQ(FollowToEnd(Recognition(), "academy-0123456749").status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const Followed unnamed = FollowToEnd(FollowFactsRequest());
  EXPECT_EQ(unnamed.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOfStatus(unnamed.status), "CONTEXT_REQUIRED");
  FollowFactsRequest subsidy;
  subsidy.set_context(facts::v1::CONTEXT_SUBSIDY);
  const Followed not_here = FollowToEnd(subsidy);
  EXPECT_EQ(not_here.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOfStatus(not_here.status), "CONTEXT_NOT_SERVED");
  for (const std::string& from : std::vector<std::string>{"garbage", "stem.activity.events/0=3",
                                                          topic() + "/99=1", topic() + "/0=-1"}) {
    FollowFactsRequest request = Recognition();
    request.set_from(from);
    const Followed refused = FollowToEnd(request);
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << from;
    EXPECT_EQ(ReasonOfStatus(refused.status), "RESUME_POSITION_INVALID") << from;
  }
}

TEST_F(FactStreamTest, RefusesMoreStreamsThanItsMaximum) {
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<FollowFactsResponse>>> readers;
  for (int i = 0; i < 2; ++i) {
    contexts.push_back(testing::ServiceHarness::As("officer"));
    readers.push_back(FactStreamService::NewStub(harness_.Channel())
                          ->FollowFacts(contexts.back().get(), Recognition()));
    FollowFactsResponse item;
    ASSERT_TRUE(readers.back()->Read(&item));  // it follows
    EXPECT_TRUE(item.has_caught_up());
  }
  const Followed third = FollowToEnd(Recognition());
  EXPECT_EQ(third.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ReasonOfStatus(third.status), "TOO_MANY_STREAMS");
  for (size_t i = 0; i < readers.size(); ++i) {
    contexts[i]->TryCancel();
    readers[i]->Finish();
  }
  // Their slots are free again once their server threads saw the cancellation.
  grpc::Status again = FollowToEnd(Recognition()).status;
  for (int attempt = 0; attempt < 50 && !again.ok(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    again = FollowToEnd(Recognition()).status;
  }
  EXPECT_TRUE(again.ok()) << again.error_message();
}

}  // namespace
}  // namespace stem::service
