#include "tools/cli/events_decode.h"

#include <gtest/gtest.h>

#include <sstream>

#include "stem/events/v1/envelope.pb.h"
#include "stem/events/v1/fact_key_rotated.pb.h"
#include "stem/recognition/v1/events.pb.h"
#include "tools/cli/errors.h"

namespace stem::cli {
namespace {

std::string Granted(const std::string& kbo) {
  recognition::v1::RecognitionGranted granted;
  granted.set_application_id(kbo + "-1");
  events::v1::EventEnvelope envelope;
  envelope.set_event_id("e-" + kbo);
  envelope.set_aggregate_type("academy");
  envelope.set_aggregate_id(kbo);
  envelope.set_event_type("stem.recognition.v1.RecognitionGranted");
  envelope.mutable_payload()->PackFrom(granted);
  return envelope.SerializeAsString();
}

// As kcat -f '%R%s' writes it.
std::string Framed(const std::string& value) {
  const uint32_t n = static_cast<uint32_t>(value.size());
  std::string frame = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                       static_cast<char>(n >> 8), static_cast<char>(n)};
  return frame + value;
}

struct Decoded {
  int exit = -1;
  std::string out;
  std::string err;
};

Decoded Decode(const std::string& input, Framing framing = Framing::kLengthPrefixed) {
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  Decoded decoded;
  decoded.exit = DecodeEvents(in, framing, out, err);
  decoded.out = out.str();
  decoded.err = err.str();
  return decoded;
}

TEST(EventsDecodeTest, EveryRecordBecomesOneJsonLineWithItsPayloadTyped) {
  const Decoded decoded = Decode(Framed(Granted("0123456749")) + Framed(Granted("0203040506")));
  EXPECT_EQ(decoded.exit, kExitOk) << decoded.err;
  EXPECT_EQ(std::count(decoded.out.begin(), decoded.out.end(), '\n'), 2);
  EXPECT_NE(
      decoded.out.find("\"@type\":\"type.googleapis.com/stem.recognition.v1.RecognitionGranted\""),
      std::string::npos)
      << decoded.out;
  EXPECT_NE(decoded.out.find("\"aggregate_id\":\"0203040506\""), std::string::npos);
  EXPECT_EQ(Decode(Granted("0123456749"), Framing::kSingle).exit, kExitOk);
  EXPECT_EQ(Decode("").exit, kExitOk);
}

TEST(EventsDecodeTest, DecodesTheKeyRotationEveryTopicHolds) {
  // (That the `stem` binary links the type is seen by deploy/distributed.sh, which decodes
  // a real topic: this test references the type itself.)
  events::v1::FactKeyRotated rotated;
  rotated.set_key_id("demo-1");
  events::v1::EventEnvelope envelope;
  envelope.set_event_type("stem.events.v1.FactKeyRotated");
  envelope.mutable_payload()->PackFrom(rotated);
  const Decoded decoded = Decode(Framed(envelope.SerializeAsString()));
  EXPECT_EQ(decoded.exit, kExitOk) << decoded.err;
  EXPECT_NE(decoded.out.find("FactKeyRotated"), std::string::npos);
}

TEST(EventsDecodeTest, ARecordThatIsNoFactIsNamedAndTheRestDecoded) {
  const Decoded decoded = Decode(Framed("\xff\xff\xff garbage") + Framed(Granted("0123456749")));
  EXPECT_EQ(decoded.exit, kExitRefused);
  EXPECT_NE(decoded.err.find("record 0"), std::string::npos) << decoded.err;
  EXPECT_EQ(std::count(decoded.out.begin(), decoded.out.end(), '\n'), 1);
}

TEST(EventsDecodeTest, BrokenFramingStopsWithAUsageError) {
  const std::string frame = Framed(Granted("0123456749"));
  EXPECT_EQ(Decode(frame.substr(0, frame.size() - 3)).exit, kExitUsage);   // cut short
  EXPECT_EQ(Decode(frame + std::string("\x00\x01", 2)).exit, kExitUsage);  // a cut length
  const Decoded tombstone = Decode(std::string("\xff\xff\xff\xff", 4));    // kcat's -1
  EXPECT_EQ(tombstone.exit, kExitUsage);
  EXPECT_NE(tombstone.err.find("%R%s"), std::string::npos) << tombstone.err;
}

}  // namespace
}  // namespace stem::cli
