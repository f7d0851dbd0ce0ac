// Signed checkpoints (rulebook section 9): the size and Merkle root (merkle.h) of every log
// of the suite - one per topic partition, since a partition is what Kafka orders - at one
// moment, signed with an Ed25519 key that only the audit holds (not the facts' MAC key).
// An auditor keeps checkpoints outside the suite; with the public key alone, and proofs
// from the audit, anyone can later check that today's log extends them unchanged.
//
// The text (docs/CHECKPOINTS.md gives it for third-party verifiers), UTF-8, "\n" line ends:
//
//   stem-academies checkpoint v1
//   origin <origin>
//   clock <the suite's clock, RFC 3339 UTC>
//   tree <topic>/<partition> <size> <root, standard base64>     (one per log, sorted)
//   <empty line>
//   - <origin> <signature, standard base64>
//
// The signature is Ed25519 (RFC 8032) over the body: every byte before the empty line,
// including the newline that ends the last tree line.
#ifndef STEM_LIBS_TRANSPARENCY_CHECKPOINT_H_
#define STEM_LIBS_TRANSPARENCY_CHECKPOINT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace stem::transparency {

struct PrivateKeyDeleter {
  void operator()(evp_pkey_st* key) const;
};

struct TreeHead {
  std::string log;  // "<topic>/<partition>"
  uint64_t size = 0;
  std::string root;  // 32 bytes
  friend bool operator==(const TreeHead&, const TreeHead&) = default;
};

struct Checkpoint {
  std::string origin;
  std::string clock;
  std::vector<TreeHead> trees;  // sorted by log
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The signed text of `checkpoint`'s body (trees sorted by log).
std::string CheckpointBody(const Checkpoint& checkpoint);

class CheckpointSigner {
 public:
  // From a PEM private Ed25519 key (`openssl genpkey -algorithm ed25519`) in a file only its
  // owner may read (ReadSecretFile).
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> Load(const std::string& path);
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> FromPem(std::string_view pem);
  // A new random key (tests; operators use `openssl genpkey -algorithm ed25519`).
  static std::unique_ptr<CheckpointSigner> Generate();

  // The whole signed checkpoint text.
  std::string Sign(const Checkpoint& checkpoint) const;
  // Ed25519 over `message`: 64 bytes.
  std::string SignBytes(std::string_view message) const;
  // The public key, PEM (SubjectPublicKeyInfo), for auditors.
  std::string PublicKeyPem() const;
  // The private key, PEM (PKCS#8), to keep in an owner-only file.
  std::string PrivateKeyPem() const;

 private:
  explicit CheckpointSigner(std::unique_ptr<evp_pkey_st, PrivateKeyDeleter> key)
      : key_(std::move(key)) {}
  std::unique_ptr<evp_pkey_st, PrivateKeyDeleter> key_;
};

// Parses a signed checkpoint and checks its signature with `public_key_pem`. INVALID_ARGUMENT
// naming what is wrong with the text; FAILED_PRECONDITION / CHECKPOINT_SIGNATURE_INVALID when
// the signature does not hold.
absl::StatusOr<Checkpoint> VerifyCheckpoint(std::string_view text, std::string_view public_key_pem);

// Ed25519 verification of raw bytes with a PEM public key.
bool VerifyEd25519(std::string_view public_key_pem, std::string_view message,
                   std::string_view signature);

}  // namespace stem::transparency

#endif  // STEM_LIBS_TRANSPARENCY_CHECKPOINT_H_
