#include "libs/events/fact_mac.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "libs/common/error.h"

namespace stem::events {
namespace {

using ::testing::HasSubstr;

const std::string kOldKey(64, 'a');
const std::string kNewKey(64, 'b');

FactKeyRing Ring(const std::string& text) {
  absl::StatusOr<FactKeyRing> ring = FactKeyRing::Parse(text);
  EXPECT_TRUE(ring.ok()) << ring.status();
  return *std::move(ring);
}

v1::EventEnvelope Fact(const std::string& id) {
  v1::EventEnvelope event;
  event.set_event_id(id);
  event.set_aggregate_type("academy");
  event.set_aggregate_id("0123456749");
  event.set_aggregate_version(3);
  event.set_previous_hash(std::string(32, 'h'));
  return event;
}

v1::EventEnvelope Parsed(const std::string& record) {
  v1::EventEnvelope event;
  EXPECT_TRUE(event.ParseFromString(record));
  return event;
}

TEST(FactMacTest, ASealedFactVerifiesAndNamesTheSigningKey) {
  const FactKeyRing ring = Ring("# keys\nk2026 " + kOldKey + "\nk2027 " + kNewKey + "\n");
  EXPECT_EQ(ring.signing_key_id(), "k2027") << "the last line signs";
  const std::string record = ring.Seal(Fact("e1"));
  const v1::EventEnvelope parsed = Parsed(record);
  EXPECT_EQ(parsed.mac_key_id(), "k2027");
  EXPECT_EQ(parsed.fact_mac().size(), kFactMacSize);
  EXPECT_TRUE(ring.Verify(record, parsed).ok());
}

TEST(FactMacTest, OldFactsVerifyWithTheKeyTheyNameAfterARotation) {
  const std::string record = Ring("k2026 " + kOldKey).Seal(Fact("e1"));
  const FactKeyRing rotated = Ring("k2026 " + kOldKey + "\nk2027 " + kNewKey);
  EXPECT_TRUE(rotated.Verify(record, Parsed(record)).ok());
  const FactKeyRing without_old = Ring("k2027 " + kNewKey);
  const absl::Status unknown = without_old.Verify(record, Parsed(record));
  EXPECT_EQ(ReasonOf(unknown), kFactForged);
  EXPECT_THAT(unknown.message(), HasSubstr("not in the key file"));
}

TEST(FactMacTest, EveryAlteredByteAndEveryOtherKeyIsForged) {
  const FactKeyRing ring = Ring("k1 " + kOldKey);
  const std::string record = ring.Seal(Fact("e1"));
  for (size_t i = 0; i < record.size(); ++i) {
    std::string altered = record;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    v1::EventEnvelope parsed;
    if (!parsed.ParseFromString(altered)) continue;  // not even an envelope
    EXPECT_EQ(ReasonOf(ring.Verify(altered, parsed)), kFactForged) << "byte " << i;
  }
  // A forger with another key, or none, who names the suite's key id.
  const std::string forged = Ring("k1 " + kNewKey).Seal(Fact("e2"));
  EXPECT_EQ(ReasonOf(ring.Verify(forged, Parsed(forged))), kFactForged);
  const std::string unsigned_fact = Fact("e3").SerializeAsString();
  EXPECT_THAT(ring.Verify(unsigned_fact, Parsed(unsigned_fact)).message(), HasSubstr("no MAC"));
}

TEST(FactMacTest, MalformedKeyFilesAreRefusedNamingTheLine) {
  EXPECT_THAT(FactKeyRing::Parse("").status().message(), HasSubstr("no key"));
  EXPECT_THAT(FactKeyRing::Parse("k1 abcd").status().message(), HasSubstr("line 1"));
  EXPECT_THAT(FactKeyRing::Parse("K1 " + kOldKey).status().message(), HasSubstr("key id"));
  EXPECT_THAT(FactKeyRing::Parse("k1 " + kOldKey + "\nk1 " + kNewKey).status().message(),
              HasSubstr("line 2"));
  EXPECT_THAT(FactKeyRing::Parse("k1 " + std::string(64, 'z')).status().message(),
              HasSubstr("hex"));
}

}  // namespace
}  // namespace stem::events
