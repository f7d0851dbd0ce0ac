// The hash chains of rulebook section 9 on hand-made facts: a clean history passes, and an
// altered, removed, reordered or inserted fact is named; a refused attempt (a replica that
// lost a race) is not a divergence.
#include "services/audit/chain_verifier.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "libs/service/command_guard.h"

namespace stem::audit {
namespace {

const eventlog::TopicPartition kPartition{"stem.test.events", 0};

struct Fact {
  events::v1::EventEnvelope event;
  eventlog::Record record;
};

// Facts v1..v`count` of one aggregate, each linked to the one before.
std::vector<Fact> Chain(int count, const std::string& aggregate = "a1") {
  std::vector<Fact> facts;
  std::string previous_hash;
  for (int version = 1; version <= count; ++version) {
    Fact fact;
    fact.event.set_event_id(aggregate + "-e" + std::to_string(version));
    fact.event.set_aggregate_type("thing");
    fact.event.set_aggregate_id(aggregate);
    fact.event.set_aggregate_version(version);
    fact.event.set_event_type("stem.test.v1.ThingChanged");
    fact.event.set_request_id(aggregate + "-r" + std::to_string(version));
    fact.event.set_previous_hash(previous_hash);
    fact.record.value = fact.event.SerializeAsString();
    previous_hash = service::FactHash(fact.record.value);
    facts.push_back(std::move(fact));
  }
  return facts;
}

struct Verified {
  ChainVerifier chains;
  std::set<std::string> accepted;

  std::vector<v1::Divergence> divergences() const { return chains.divergences(); }
  bool IsAccepted(const std::string& event_id) const { return accepted.contains(event_id); }
};

Verified Verify(std::vector<Fact> facts) {
  Verified verified;
  int64_t offset = 0;
  for (Fact& fact : facts) {
    fact.record.topic_partition = kPartition;
    fact.record.offset = offset++;
    if (verified.chains.Add(fact.record)) verified.accepted.insert(fact.event.event_id());
  }
  return verified;
}

void Reserialize(Fact& fact) { fact.record.value = fact.event.SerializeAsString(); }

TEST(ChainVerifierTest, AnIntactHistoryHasNoDivergence) {
  std::vector<Fact> facts = Chain(4);
  std::vector<Fact> other = Chain(3, "a2");
  facts.insert(facts.begin() + 2, other.begin(), other.end());
  Verified verifier = Verify(facts);
  EXPECT_TRUE(verifier.divergences().empty()) << verifier.divergences()[0].description();
  EXPECT_EQ(verifier.chains.facts(), 7);
  EXPECT_EQ(verifier.chains.aggregates(), 2);
  std::optional<ChainTip> tip = verifier.chains.TipOf({"thing", "a1"});
  ASSERT_TRUE(tip.has_value());
  EXPECT_EQ(tip->version, 4);
  EXPECT_EQ(tip->fact.event_id(), "a1-e4");
  EXPECT_EQ(tip->offset, 6);
}

TEST(ChainVerifierTest, AnAlteredFactIsNamedByItsSuccessorsLink) {
  std::vector<Fact> facts = Chain(4);
  facts[1].event.set_event_type("stem.test.v1.SomethingElse");
  Reserialize(facts[1]);
  Verified verifier = Verify(facts);
  ASSERT_EQ(verifier.divergences().size(), 1u);
  const v1::Divergence divergence = verifier.divergences()[0];
  EXPECT_EQ(divergence.kind(), v1::DIVERGENCE_KIND_HASH_CHAIN_BROKEN);
  EXPECT_EQ(divergence.facts(0).event_id(), "a1-e2") << divergence.description();
  EXPECT_EQ(divergence.facts(1).event_id(), "a1-e3");
}

TEST(ChainVerifierTest, ARemovedFactIsAGapBeforeItsSuccessor) {
  std::vector<Fact> facts = Chain(4);
  facts.erase(facts.begin() + 1);
  Verified verifier = Verify(facts);
  ASSERT_EQ(verifier.divergences().size(), 1u);
  const v1::Divergence divergence = verifier.divergences()[0];
  EXPECT_EQ(divergence.kind(), v1::DIVERGENCE_KIND_VERSION_GAP);
  EXPECT_EQ(divergence.facts(0).event_id(), "a1-e3");
  EXPECT_NE(divergence.description().find("version 2 "), std::string::npos)
      << divergence.description();
}

TEST(ChainVerifierTest, AReorderedFactIsNamedWhereItArrivesLate) {
  std::vector<Fact> facts = Chain(4);
  std::swap(facts[1], facts[2]);
  Verified verifier = Verify(facts);
  ASSERT_EQ(verifier.divergences().size(), 1u);
  const v1::Divergence divergence = verifier.divergences()[0];
  EXPECT_EQ(divergence.kind(), v1::DIVERGENCE_KIND_OUT_OF_ORDER);
  EXPECT_EQ(divergence.facts(0).event_id(), "a1-e2");
  EXPECT_EQ(divergence.facts(1).event_id(), "a1-e3");
}

TEST(ChainVerifierTest, AnInsertedFactBreaksTheLinkOfTheFactItDisplaced) {
  std::vector<Fact> facts = Chain(3);
  // A forger who knows v1's bytes links a fact of their own to it as version 2.
  Fact forged = facts[1];
  forged.event.set_event_id("forged");
  forged.event.set_request_id("forged-request");
  Reserialize(forged);
  facts.insert(facts.begin() + 1, forged);
  Verified verifier = Verify(facts);
  ASSERT_EQ(verifier.divergences().size(), 1u);
  const v1::Divergence divergence = verifier.divergences()[0];
  EXPECT_EQ(divergence.kind(), v1::DIVERGENCE_KIND_HASH_CHAIN_BROKEN);
  EXPECT_EQ(divergence.facts(0).event_id(), "forged") << divergence.description();
  // The genuine v2 now reads as a refused attempt; the guard ignores it, as every
  // projection does.
  EXPECT_FALSE(verifier.IsAccepted("a1-e2"));
  EXPECT_TRUE(verifier.IsAccepted("forged"));
}

TEST(ChainVerifierTest, AnAttemptThatLostARaceIsNotADivergence) {
  std::vector<Fact> facts = Chain(3);
  // A second replica decided from v1 too, and appended its version 2 after the winner's.
  Fact loser = facts[1];
  loser.event.set_event_id("loser");
  loser.event.set_request_id("loser-request");
  Reserialize(loser);
  facts.insert(facts.begin() + 2, loser);
  Verified verifier = Verify(facts);
  EXPECT_TRUE(verifier.divergences().empty()) << verifier.divergences()[0].description();
  EXPECT_FALSE(verifier.IsAccepted("loser"));
}

TEST(ChainVerifierTest, ARefusedAttemptWithAForgedLinkIsNamed) {
  std::vector<Fact> facts = Chain(3);
  Fact loser = facts[1];
  loser.event.set_event_id("loser");
  loser.event.set_request_id("loser-request");
  loser.event.set_previous_hash(std::string(32, 'x'));
  Reserialize(loser);
  facts.insert(facts.begin() + 2, loser);
  Verified verifier = Verify(facts);
  ASSERT_EQ(verifier.divergences().size(), 1u);
  EXPECT_EQ(verifier.divergences()[0].facts(0).event_id(), "loser");
}

// Data read back from the log is input: a version that skips a trillion is one gap, kept as
// one range, and a fact filling it later is named as reordered.
TEST(ChainVerifierTest, AHugeVersionJumpIsOneGap) {
  std::vector<Fact> facts = Chain(3);
  facts[1].event.set_aggregate_version(1'000'000'000'000);
  Reserialize(facts[1]);
  Fact late = facts[2];
  late.event.set_event_id("late");
  late.event.set_aggregate_version(500);
  Reserialize(late);
  facts.pop_back();
  facts.push_back(late);
  Verified verifier = Verify(facts);
  const std::vector<v1::Divergence> divergences = verifier.divergences();
  ASSERT_EQ(divergences.size(), 1u);
  EXPECT_EQ(divergences[0].kind(), v1::DIVERGENCE_KIND_OUT_OF_ORDER)
      << divergences[0].description();
  EXPECT_EQ(divergences[0].facts(0).event_id(), "late");
  EXPECT_TRUE(verifier.IsAccepted("a1-e2"));
  EXPECT_FALSE(verifier.IsAccepted("late"));
}

// Partitions arrive interleaved as fetches go; the report names divergences in log order
// whatever the interleaving.
TEST(ChainVerifierTest, DivergencesComeInLogOrderWhateverTheInterleaving) {
  std::vector<Fact> first = Chain(3, "a1");
  std::vector<Fact> second = Chain(3, "a2");
  first.erase(first.begin() + 1);
  second.erase(second.begin() + 1);
  ChainVerifier verifier;
  // Partition 1 is read before partition 0.
  for (auto [facts, partition] : {std::pair{&second, 1}, std::pair{&first, 0}}) {
    int64_t offset = 0;
    for (Fact& fact : *facts) {
      fact.record.topic_partition = {kPartition.topic, partition};
      fact.record.offset = offset++;
      verifier.Add(fact.record);
    }
  }
  const std::vector<v1::Divergence> divergences = verifier.divergences();
  ASSERT_EQ(divergences.size(), 2u);
  EXPECT_EQ(divergences[0].facts(0).event_id(), "a1-e3");
  EXPECT_EQ(divergences[1].facts(0).event_id(), "a2-e3");
}

TEST(ChainVerifierTest, ARecordThatIsNotAnEnvelopeIsUnreadable) {
  std::vector<Fact> facts = Chain(2);
  facts[0].record.value = "\xff\xff not an envelope";
  Verified verifier = Verify(facts);
  ASSERT_FALSE(verifier.divergences().empty());
  EXPECT_EQ(verifier.divergences()[0].kind(), v1::DIVERGENCE_KIND_UNREADABLE_FACT);
  EXPECT_EQ(verifier.divergences()[0].facts(0).offset(), 0);
}

}  // namespace
}  // namespace stem::audit
