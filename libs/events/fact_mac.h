// Keyed facts (rulebook section 9): every fact a writer appends carries an HMAC-SHA256 that
// only holders of the suite's fact key can make, so that someone who can write the log's
// storage cannot add or alter a fact that a reader would accept. The MAC covers the record's
// bytes as written up to the MAC itself (EventEnvelope.fact_mac), which include
// previous_hash, the SHA-256 of the aggregate's previous record, MAC included: each MAC
// thereby also vouches for its predecessor's.
//
// The key file (outside the data directory and the topics; a Kubernetes secret in the
// charts) holds one key per line, `<key id> <hex key of at least 32 bytes>`, `#` comments.
// The last line signs new facts; every line verifies the facts that name it, so a rotation
// adds a line and old facts keep verifying with the key they name.
#ifndef STEM_LIBS_EVENTS_FACT_MAC_H_
#define STEM_LIBS_EVENTS_FACT_MAC_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::events {

inline constexpr std::string_view kFactForged = "FACT_FORGED";
inline constexpr size_t kFactMacSize = 32;
// A2 01 = field 20, length-delimited; 20 = 32 bytes.
inline constexpr std::string_view kFactMacFieldPrefix = "\xA2\x01\x20";

class FactKeyRing {
 public:
  // From a key file that only its owner may read (ReadSecretFile).
  static absl::StatusOr<FactKeyRing> Load(const std::string& path);
  // INVALID_ARGUMENT naming the line for a malformed or short key, a repeated id, no key.
  static absl::StatusOr<FactKeyRing> Parse(std::string_view text);

  // The record's bytes for `event` (whose mac_key_id and fact_mac must be empty): the
  // envelope with the signing key's id, followed by its MAC.
  std::string Seal(events::v1::EventEnvelope event) const;

  // OK when `record` (the bytes as read from the log) ends in a MAC that the key it names
  // makes over the bytes before it; INVALID_ARGUMENT / FACT_FORGED saying what is wrong
  // otherwise (no MAC, an unknown key, a wrong MAC). `parsed` is `record` parsed.
  absl::Status Verify(std::string_view record, const events::v1::EventEnvelope& parsed) const;

  const std::string& signing_key_id() const { return signing_key_id_; }

 private:
  FactKeyRing(std::map<std::string, std::string> keys, std::string signing_key_id)
      : keys_(std::move(keys)), signing_key_id_(std::move(signing_key_id)) {}

  std::map<std::string, std::string> keys_;  // id -> raw key
  std::string signing_key_id_;
};

}  // namespace stem::events

#endif  // STEM_LIBS_EVENTS_FACT_MAC_H_
