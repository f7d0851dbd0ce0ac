// Keyed facts (rulebook section 9): every fact a writer appends carries an HMAC-SHA256 that
// only holders of the suite's fact key can make, so that someone who can write the log's
// storage cannot add or alter a fact that a reader would accept. The MAC covers the record's
// bytes as written up to the MAC itself (EventEnvelope.fact_mac), which include
// previous_hash, the SHA-256 of the aggregate's previous record, MAC included: each MAC
// thereby also vouches for its predecessor's.
//
// The key file (outside the data directory and the topics; a Kubernetes secret in the
// charts) holds one key per line, `<key id> <hex key of at least 32 bytes>`, `#` comments.
// Every line verifies the facts that name it. Which key signs is the log's decision: each
// partition's current key, set by the last FactKeyRotated in it (fact_key_rotated.proto);
// a writer whose file ends in a newer key announces it (libs/service/fact_key_currency.h).
// Keys only move forward: a line's position is its age.
#ifndef STEM_LIBS_EVENTS_FACT_MAC_H_
#define STEM_LIBS_EVENTS_FACT_MAC_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::events {

inline constexpr std::string_view kFactForged = "FACT_FORGED";
inline constexpr std::string_view kFactKeyUnknown = "FACT_KEY_UNKNOWN";
inline constexpr size_t kFactMacSize = 32;
// A2 01 = field 20, length-delimited; 20 = 32 bytes.
inline constexpr std::string_view kFactMacFieldPrefix = "\xA2\x01\x20";

// A key id is 1-32 of [a-z0-9_-].
bool IsValidFactKeyId(std::string_view id);

class FactKeyRing {
 public:
  // From a key file that only its owner may read (ReadSecretFile).
  static absl::StatusOr<FactKeyRing> Load(const std::string& path);
  // INVALID_ARGUMENT naming the line for a malformed or short key, a repeated id, no key.
  static absl::StatusOr<FactKeyRing> Parse(std::string_view text);

  // The record's bytes for `event` (whose mac_key_id and fact_mac must be empty): the
  // envelope with the key's id, followed by its MAC. The file's newest key by default.
  // UNAVAILABLE / FACT_KEY_UNKNOWN when the file does not hold `key_id` (another replica,
  // with a newer key file, can write).
  absl::StatusOr<std::string> Seal(events::v1::EventEnvelope event, std::string_view key_id) const;
  std::string Seal(events::v1::EventEnvelope event) const;

  bool Has(std::string_view key_id) const { return keys_.count(std::string(key_id)) != 0; }
  // Whether `key_id` comes after `other` in the file (an unknown id comes first).
  bool IsNewer(std::string_view key_id, std::string_view other) const;
  // FactKeyRotated.key_check of a key the file holds; empty for an unknown id.
  std::string KeyCheck(std::string_view key_id) const;

  // OK when `record` (the bytes as read from the log) ends in a MAC that the key it names
  // makes over the bytes before it; INVALID_ARGUMENT / FACT_FORGED saying what is wrong
  // otherwise (no MAC, an unknown key, a wrong MAC). `parsed` is `record` parsed.
  absl::Status Verify(std::string_view record, const events::v1::EventEnvelope& parsed) const;

  const std::string& signing_key_id() const { return signing_key_id_; }

 private:
  struct Key {
    std::string bytes;
    int line = 0;
  };
  using Keys = std::map<std::string, Key, std::less<>>;  // by id
  FactKeyRing(Keys keys, std::string signing_key_id)
      : keys_(std::move(keys)), signing_key_id_(std::move(signing_key_id)) {}

  Keys keys_;
  std::string signing_key_id_;
};

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_FACT_MAC_H_
