#include "libs/events/fact_mac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/common/error.h"
#include "libs/common/secret_file.h"
#include "libs/common/text.h"

namespace stem::events {
namespace {

constexpr size_t kMinKeySize = 32;
constexpr size_t kMaxKeyIdLength = 32;

std::string Mac(std::string_view key, std::string_view bytes) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), mac, &length);
  STEM_CHECK(result != nullptr && length == kFactMacSize, "HMAC-SHA256 of a fact");
  return std::string(reinterpret_cast<const char*>(mac), length);
}

absl::Status Forged(std::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, kFactForged,
                   absl::StrCat("the fact's keyed proof does not hold: ", ToAbsl(why)));
}

}  // namespace

bool IsValidFactKeyId(std::string_view id) {
  if (id.empty() || id.size() > kMaxKeyIdLength) return false;
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!allowed) return false;
  }
  return true;
}

absl::StatusOr<FactKeyRing> FactKeyRing::Load(const std::string& path) {
  absl::StatusOr<std::string> text = ReadSecretFile(path, "fact key file");
  if (!text.ok()) return text.status();
  return Parse(*text);
}

absl::StatusOr<FactKeyRing> FactKeyRing::Parse(std::string_view text) {
  Keys keys;
  std::string signing;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    std::istringstream fields(line);
    std::string id, hex, extra;
    if (!(fields >> id) || id[0] == '#') continue;
    const auto invalid = [number](std::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("fact key file line ", number, ": ", ToAbsl(why)));
    };
    if (!(fields >> hex) || (fields >> extra)) return invalid("expected `<key id> <hex key>`");
    if (!IsValidFactKeyId(id)) return invalid("a key id is 1-32 of [a-z0-9_-]");
    if (hex.size() % 2 != 0 || hex.size() / 2 < kMinKeySize ||
        hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      return invalid(absl::StrCat("a key is at least ", kMinKeySize, " bytes in hex"));
    }
    if (!keys.emplace(id, Key{absl::HexStringToBytes(hex), number}).second) {
      return invalid(absl::StrCat("key id ", id, " is given twice"));
    }
    signing = id;
  }
  if (keys.empty()) return absl::InvalidArgumentError("the fact key file holds no key");
  return FactKeyRing(std::move(keys), std::move(signing));
}

absl::StatusOr<std::string> FactKeyRing::Seal(events::v1::EventEnvelope event,
                                              std::string_view key_id) const {
  STEM_CHECK(event.mac_key_id().empty() && event.fact_mac().empty(), "a fact is sealed once");
  auto key = keys_.find(key_id);
  if (key == keys_.end()) {
    return MakeError(absl::StatusCode::kUnavailable, kFactKeyUnknown,
                     absl::StrCat("fact key ", Quote(key_id),
                                  " signs in the log but is not in this process's key file"));
  }
  event.set_mac_key_id(key->first);
  std::string record = event.SerializeAsString();
  const std::string mac = Mac(key->second.bytes, record);
  record.append(kFactMacFieldPrefix);
  record.append(mac);
  return record;
}

std::string FactKeyRing::Seal(events::v1::EventEnvelope event) const {
  auto record = Seal(std::move(event), signing_key_id_);
  STEM_CHECK(record.ok(), "the key file's newest key is in it");
  return *std::move(record);
}

bool FactKeyRing::IsNewer(std::string_view key_id, std::string_view other) const {
  auto key = keys_.find(key_id);
  if (key == keys_.end()) return false;
  auto than = keys_.find(other);
  return than == keys_.end() || key->second.line > than->second.line;
}

std::string FactKeyRing::KeyCheck(std::string_view key_id) const {
  auto key = keys_.find(key_id);
  if (key == keys_.end()) return "";
  return absl::BytesToHexString(Mac(key->second.bytes, "stem fact key check").substr(0, 8));
}

absl::Status FactKeyRing::Verify(std::string_view record,
                                 const events::v1::EventEnvelope& parsed) const {
  const size_t suffix = kFactMacFieldPrefix.size() + kFactMacSize;
  if (parsed.fact_mac().size() != kFactMacSize || record.size() < suffix ||
      record.substr(record.size() - suffix, kFactMacFieldPrefix.size()) != kFactMacFieldPrefix ||
      record.substr(record.size() - kFactMacSize) != parsed.fact_mac()) {
    return Forged("it carries no MAC as its last field");
  }
  auto key = keys_.find(parsed.mac_key_id());
  if (key == keys_.end()) {
    return Forged(absl::StrCat("it names key ", Quote(parsed.mac_key_id()),
                               ", which is not in the key file"));
  }
  const std::string expected = Mac(key->second.bytes, record.substr(0, record.size() - suffix));
  if (CRYPTO_memcmp(expected.data(), parsed.fact_mac().data(), kFactMacSize) != 0) {
    return Forged(absl::StrCat("its MAC is not what key ", key->first, " makes of its bytes"));
  }
  return absl::OkStatus();
}

}  // namespace stem::events
