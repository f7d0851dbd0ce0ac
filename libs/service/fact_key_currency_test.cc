#include "libs/service/fact_key_currency.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/projection/testing/tally_projector.h"
#include "libs/service/testing/tally_replica.h"

namespace stem::service {
namespace {

using projection::testing::ReadTally;
using testing::Deadline;
using testing::kTopic;
using testing::Replica;

constexpr int32_t kPartitions = 4;
constexpr char kOldKey[] = "k1 1111111111111111111111111111111111111111111111111111111111111111\n";
constexpr char kNewKey[] = "k2 2222222222222222222222222222222222222222222222222222222222222222\n";

// Reads every partition from its start.
struct FromStart : eventlog::AssignmentListener {
  absl::StatusOr<eventlog::Positions> OnAssigned(
      const std::vector<eventlog::TopicPartition>&) override {
    return eventlog::Positions();
  }
  void OnRevoked(const std::vector<eventlog::TopicPartition>&) override {}
};

events::FactKeyRing Ring(const std::string& text) {
  auto ring = events::FactKeyRing::Parse(text);
  EXPECT_TRUE(ring.ok()) << ring.status();
  return ring.ok() ? *std::move(ring) : *events::FactKeyRing::Parse(kOldKey);
}

class FactKeyCurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = testing::OpenTallyLog(dir_.Sub("log"), kPartitions);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    RegisterFactKeyRules(old_rules_);
    RegisterFactKeyRules(new_rules_);
    old_rules_.SetKeys(&old_ring_);
    new_rules_.SetKeys(&new_ring_);
  }

  // The key each partition signs with, as `replica` knows it ("" before any rotation).
  std::vector<std::string> CurrentKeys(const Replica& replica) {
    std::vector<std::string> keys;
    for (int32_t partition = 0; partition < kPartitions; ++partition) {
      auto record = LoadFactKeyRecord(*replica.store, {kTopic, partition});
      EXPECT_TRUE(record.ok()) << record.status();
      keys.push_back(record.ok() && *record ? (*record)->key_id() : "");
    }
    return keys;
  }

  // The fact key named by the last record of `aggregate`'s partition.
  std::string LastKeyOf(const std::string& aggregate) {
    const int32_t partition = eventlog::PartitionForKey(aggregate, kPartitions);
    eventlog::SubscriptionOptions options;
    options.topics = {kTopic};
    FromStart from_start;
    options.listener = &from_start;
    auto subscription = log_->Subscribe(options);
    EXPECT_TRUE(subscription.ok()) << subscription.status();
    std::string key;
    for (int round = 0; subscription.ok() && round < 20; ++round) {
      auto records = (*subscription)->Poll(absl::Milliseconds(20), 1000);
      if (!records.ok()) break;
      for (const eventlog::Record& record : *records) {
        if (record.topic_partition.partition != partition) continue;
        events::v1::EventEnvelope event;
        if (event.ParseFromString(record.value) && event.aggregate_id() == aggregate) {
          key = event.mac_key_id();
        }
      }
    }
    return key;
  }

  stem::testing::TempDir dir_;
  clock::ManualClock clock_{absl::FromUnixSeconds(1546300800)};  // 2019-01-01
  events::UpcasterRegistry registry_;
  events::FactKeyRing old_ring_ = Ring(kOldKey);
  events::FactKeyRing new_ring_ = Ring(std::string(kOldKey) + kNewKey);
  events::FactRules old_rules_;
  events::FactRules new_rules_;
  std::unique_ptr<eventlog::EventLog> log_;
};

TEST_F(FactKeyCurrencyTest, TheNewestKeyBecomesCurrentInEveryPartitionOnce) {
  Replica first(*log_, dir_.Sub("first"), clock_, registry_, old_rules_);
  ASSERT_TRUE(AnnounceFactKey(*first.processor, kTopic, Deadline()).ok());
  EXPECT_EQ(CurrentKeys(first), std::vector<std::string>(kPartitions, "k1"));
  ASSERT_TRUE(first.Step("x", "r1", 5).ok());

  Replica second(*log_, dir_.Sub("second"), clock_, registry_, new_rules_);
  ASSERT_TRUE(AnnounceFactKey(*second.processor, kTopic, Deadline()).ok());
  EXPECT_EQ(CurrentKeys(second), std::vector<std::string>(kPartitions, "k2"));
  auto ends = log_->EndOffsets(kTopic, Deadline());
  ASSERT_TRUE(ends.ok());
  // Announcing again, from any replica, writes nothing.
  ASSERT_TRUE(AnnounceFactKey(*second.processor, kTopic, Deadline()).ok());
  EXPECT_EQ(*log_->EndOffsets(kTopic, Deadline()), *ends);

  auto after = second.Step("x", "r2", 7);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(LastKeyOf("x"), "k2");
  auto tally = ReadTally(*second.store, "x");
  ASSERT_TRUE(tally.ok() && tally->has_value());
  EXPECT_EQ((*tally)->sum, 12);  // the fact signed with k1 before the rotation still counts
}

TEST_F(FactKeyCurrencyTest, AReplicaWithoutTheNewKeyStopsInsteadOfJudging) {
  Replica old_replica(*log_, dir_.Sub("old"), clock_, registry_, old_rules_);
  ASSERT_TRUE(AnnounceFactKey(*old_replica.processor, kTopic, Deadline()).ok());
  Replica new_replica(*log_, dir_.Sub("new"), clock_, registry_, new_rules_);
  ASSERT_TRUE(AnnounceFactKey(*new_replica.processor, kTopic, Deadline()).ok());

  auto refused = old_replica.Step("x", "r1", 5);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  absl::Status health = old_replica.projection->Health();
  EXPECT_NE(health.message().find("k2"), std::string::npos) << health;
}

// A thief of the retired key appends a fact with the right version and hash link: it is a
// refused attempt, like one that lost a race, and changes nothing.
TEST_F(FactKeyCurrencyTest, ARetiredKeySignsNothingNew) {
  Replica replica(*log_, dir_.Sub("r"), clock_, registry_, new_rules_);
  ASSERT_TRUE(AnnounceFactKey(*replica.processor, kTopic, Deadline()).ok());
  ASSERT_TRUE(replica.Step("x", "r1", 5).ok());

  auto aggregate = LoadAggregateRecord(*replica.store, "tally", "x");
  ASSERT_TRUE(aggregate.ok());
  events::v1::EventEnvelope forged = projection::testing::StepEvent("forged", "x", 2, 1000);
  forged.set_previous_hash(aggregate->last_hash());
  auto appended = log_->Append({{kTopic, "x", old_ring_.Seal(forged)}}, Deadline());
  ASSERT_TRUE(appended.ok()) << appended.status();
  eventlog::Positions written{{(*appended)[0].topic_partition, (*appended)[0].offset + 1}};
  ASSERT_TRUE(replica.projection->WaitFor(written, Deadline()).ok());

  auto verdict = LoadCommandRecord(*replica.store, "forged");
  ASSERT_TRUE(verdict.ok() && verdict->has_value());
  EXPECT_EQ((*verdict)->verdict(), commands::v1::COMMAND_VERDICT_STALE_FACT_KEY);
  auto tally = ReadTally(*replica.store, "x");
  ASSERT_TRUE(tally.ok() && tally->has_value());
  EXPECT_EQ((*tally)->sum, 5);
  auto next = replica.Step("x", "r2", 1);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->record.first_version(), 2);
}

TEST_F(FactKeyCurrencyTest, EveryFactKeyAggregateLivesInItsPartition) {
  for (int32_t partitions : {1, 3, 6, 12}) {
    for (int32_t partition = 0; partition < partitions; ++partition) {
      const std::string id = FactKeyAggregateId("stem.recognition.events", partition, partitions);
      EXPECT_EQ(eventlog::PartitionForKey(id, partitions), partition);
    }
  }
}

TEST_F(FactKeyCurrencyTest, ARotationNamesValidKeys) {
  events::v1::FactKeyRotated rotated;
  rotated.set_key_id("k2");
  rotated.set_previous_key_id("k1");
  rotated.set_key_check(new_ring_.KeyCheck("k2"));
  EXPECT_TRUE(new_rules_.Check(rotated).ok());
  rotated.set_key_id("K 2");
  EXPECT_EQ(ReasonOf(new_rules_.Check(rotated)), "FACT_KEY_ID_INVALID");
  rotated.set_key_id("k2");
  rotated.set_key_check("not hex");
  EXPECT_EQ(ReasonOf(new_rules_.Check(rotated)), "FACT_KEY_CHECK_INVALID");
}

}  // namespace
}  // namespace stem::service
