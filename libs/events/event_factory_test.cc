#include "libs/events/event_factory.h"

#include <gtest/gtest.h>

#include <set>

#include "google/protobuf/util/time_util.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::events {
namespace {

using google::protobuf::util::TimeUtil;
using testing::v1::SampleAmountRecorded;

TEST(EventFactoryTest, FillsTheEnvelopeFromClockContextAndPayload) {
  clock::ManualClock clock(*clock::ParseInstant("2019-03-12T14:00:00Z"));
  UpcasterRegistry registry;
  registry.Register(SampleAmountRecorded::descriptor()->full_name(), 1,
                    [](v1::EventEnvelope&) { return absl::OkStatus(); });
  EventFactory factory(clock, registry);

  CommandContext context;
  context.actor.set_identity("0123456749");
  context.actor.set_role(identity::v1::ACTOR_ROLE_ACADEMY);
  context.request_id = "req-1";
  SampleAmountRecorded payload;
  payload.set_amount_cents(5);

  v1::EventEnvelope event = factory.Make(context, {"sample", "agg-1", 3}, payload);
  EXPECT_EQ(event.event_id().size(), 36u);
  EXPECT_EQ(event.aggregate_type(), "sample");
  EXPECT_EQ(event.aggregate_id(), "agg-1");
  EXPECT_EQ(event.aggregate_version(), 3);
  EXPECT_EQ(event.event_type(), "stem.events.testing.v1.SampleAmountRecorded");
  EXPECT_EQ(event.schema_version(), 2);
  EXPECT_EQ(TimeUtil::TimestampToNanoseconds(event.occurred_at()), absl::ToUnixNanos(clock.Now()));
  EXPECT_GT(TimeUtil::TimestampToNanoseconds(event.recorded_at()),
            TimeUtil::TimestampToNanoseconds(event.occurred_at()));
  EXPECT_EQ(event.request_id(), "req-1");
  EXPECT_EQ(event.correlation_id(), "req-1");
  EXPECT_EQ(event.causation_id(), "req-1");
  EXPECT_EQ(event.actor().identity(), "0123456749");
  SampleAmountRecorded unpacked;
  ASSERT_TRUE(event.payload().UnpackTo(&unpacked));
  EXPECT_EQ(unpacked.amount_cents(), 5);
}

TEST(UuidTest, VersionFourAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuid();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    EXPECT_TRUE(seen.insert(id).second);
  }
}

}  // namespace
}  // namespace stem::events
