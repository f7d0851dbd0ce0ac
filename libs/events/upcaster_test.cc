#include "libs/events/upcaster.h"

#include <gtest/gtest.h>

#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::events {
namespace {

using testing::v1::SampleAmountRecorded;

// Version 1 -> 2: euros became cents.
absl::Status EurosToCents(v1::EventEnvelope& event) {
  SampleAmountRecorded payload;
  if (!event.payload().UnpackTo(&payload)) return absl::DataLossError("unreadable payload");
  payload.set_amount_cents(payload.amount_euros() * 100);
  payload.set_amount_euros(0);
  event.mutable_payload()->PackFrom(payload);
  return absl::OkStatus();
}

v1::EventEnvelope WrittenWithVersion1(int64_t euros) {
  SampleAmountRecorded payload;
  payload.set_aggregate_label("a");
  payload.set_amount_euros(euros);
  v1::EventEnvelope event;
  event.set_event_id("e1");
  event.set_event_type(SampleAmountRecorded::descriptor()->full_name());
  event.set_schema_version(1);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

TEST(UpcasterTest, ReadsAnEventWrittenInAnOlderVersion) {
  UpcasterRegistry registry;
  registry.Register(SampleAmountRecorded::descriptor()->full_name(), 1, EurosToCents);

  // The event as it was stored by a version-1 writer, read back from bytes.
  v1::EventEnvelope stored;
  ASSERT_TRUE(stored.ParseFromString(WrittenWithVersion1(12).SerializeAsString()));
  ASSERT_TRUE(registry.Upcast(stored).ok());

  EXPECT_EQ(stored.schema_version(), 2);
  SampleAmountRecorded payload;
  ASSERT_TRUE(stored.payload().UnpackTo(&payload));
  EXPECT_EQ(payload.amount_cents(), 1200);
  EXPECT_EQ(payload.amount_euros(), 0);
}

TEST(UpcasterTest, CurrentVersionIsLeftAlone) {
  UpcasterRegistry registry;
  registry.Register(SampleAmountRecorded::descriptor()->full_name(), 1, EurosToCents);
  v1::EventEnvelope event = WrittenWithVersion1(0);
  event.set_schema_version(2);
  ASSERT_TRUE(registry.Upcast(event).ok());
  EXPECT_EQ(event.schema_version(), 2);
}

TEST(UpcasterTest, RefusesEventsNewerThanTheReader) {
  UpcasterRegistry registry;
  v1::EventEnvelope event = WrittenWithVersion1(1);
  event.set_schema_version(3);
  EXPECT_EQ(registry.Upcast(event).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(UpcasterTest, MissingStepIsAnError) {
  UpcasterRegistry registry;
  registry.Register(SampleAmountRecorded::descriptor()->full_name(), 2,
                    [](v1::EventEnvelope&) { return absl::OkStatus(); });
  v1::EventEnvelope event = WrittenWithVersion1(1);
  EXPECT_EQ(registry.Upcast(event).code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace stem::events
