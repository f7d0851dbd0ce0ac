#include "libs/transparency/checkpoint.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <sstream>

#include "absl/memory/memory.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/absl_compat.h"
#include "libs/common/check.h"
#include "libs/common/error.h"
#include "libs/common/secret_file.h"
#include "libs/transparency/merkle.h"

namespace stem::transparency {
namespace {

constexpr std::string_view kHeader = "stem-academies checkpoint v1";
constexpr std::string_view kSignaturePrefix = "- ";
constexpr size_t kSignatureSize = 64;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

std::unique_ptr<BIO, BioDeleter> MemoryBio(std::string_view text) {
  return std::unique_ptr<BIO, BioDeleter>(
      BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

absl::Status Malformed(std::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, "CHECKPOINT_MALFORMED",
                   absl::StrCat("not a checkpoint: ", ToAbsl(why)));
}

bool ValidToken(std::string_view text) {
  return !text.empty() && text.size() <= 512 && std::none_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0';
  });
}

}  // namespace

void PrivateKeyDeleter::operator()(evp_pkey_st* key) const { EVP_PKEY_free(key); }

std::string CheckpointBody(const Checkpoint& checkpoint) {
  std::vector<TreeHead> trees = checkpoint.trees;
  std::sort(trees.begin(), trees.end(),
            [](const TreeHead& a, const TreeHead& b) { return a.log < b.log; });
  std::string body = absl::StrCat(ToAbsl(kHeader), "\norigin ", checkpoint.origin, "\nclock ",
                                  checkpoint.clock, "\n");
  for (const TreeHead& tree : trees) {
    absl::StrAppend(&body, "tree ", tree.log, " ", tree.size, " ", absl::Base64Escape(tree.root),
                    "\n");
  }
  return body;
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::Load(const std::string& path) {
  absl::StatusOr<std::string> pem = ReadSecretFile(path, "checkpoint signing key");
  if (!pem.ok()) return pem.status();
  return FromPem(*pem);
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::FromPem(std::string_view pem) {
  auto bio = MemoryBio(pem);
  std::unique_ptr<evp_pkey_st, PrivateKeyDeleter> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError(
        "the checkpoint signing key is not a PEM Ed25519 private key (openssl genpkey "
        "-algorithm ed25519)");
  }
  return absl::WrapUnique(new CheckpointSigner(std::move(key)));
}

std::unique_ptr<CheckpointSigner> CheckpointSigner::Generate() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  STEM_CHECK(context != nullptr && EVP_PKEY_keygen_init(context.get()) == 1 &&
                 EVP_PKEY_keygen(context.get(), &raw) == 1,
             "generating an Ed25519 key");
  return absl::WrapUnique(
      new CheckpointSigner(std::unique_ptr<evp_pkey_st, PrivateKeyDeleter>(raw)));
}

std::string CheckpointSigner::PrivateKeyPem() const {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  STEM_CHECK(bio != nullptr && PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0,
                                                        nullptr, nullptr) == 1,
             "writing a private key to memory");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string CheckpointSigner::SignBytes(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, MdContextDeleter> context(EVP_MD_CTX_new());
  unsigned char signature[kSignatureSize];
  size_t length = sizeof signature;
  const bool signed_ok =
      context != nullptr &&
      EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
      EVP_DigestSign(context.get(), signature, &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  STEM_CHECK(signed_ok && length == kSignatureSize, "Ed25519 signature with a loaded key");
  return std::string(reinterpret_cast<const char*>(signature), length);
}

std::string CheckpointSigner::Sign(const Checkpoint& checkpoint) const {
  const std::string body = CheckpointBody(checkpoint);
  return absl::StrCat(body, "\n", ToAbsl(kSignaturePrefix), checkpoint.origin, " ",
                      absl::Base64Escape(SignBytes(body)), "\n");
}

std::string CheckpointSigner::PublicKeyPem() const {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  STEM_CHECK(bio != nullptr && PEM_write_bio_PUBKEY(bio.get(), key_.get()) == 1,
             "writing a public key to memory");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

bool VerifyEd25519(std::string_view public_key_pem, std::string_view message,
                   std::string_view signature) {
  if (signature.size() != kSignatureSize) return false;
  auto bio = MemoryBio(public_key_pem);
  std::unique_ptr<evp_pkey_st, PrivateKeyDeleter> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) return false;
  std::unique_ptr<EVP_MD_CTX, MdContextDeleter> context(EVP_MD_CTX_new());
  return context != nullptr &&
         EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

absl::StatusOr<Checkpoint> VerifyCheckpoint(std::string_view text,
                                            std::string_view public_key_pem) {
  const size_t blank = text.find("\n\n");
  if (blank == std::string_view::npos) return Malformed("no empty line before the signature");
  const std::string_view body = text.substr(0, blank + 1);
  std::vector<std::string> lines = absl::StrSplit(ToAbsl(body), '\n');
  lines.pop_back();  // after the body's last newline
  if (lines.size() < 3 || lines[0] != kHeader) {
    return Malformed(absl::StrCat("the first line is not \"", ToAbsl(kHeader), "\""));
  }
  Checkpoint checkpoint;
  if (!absl::StartsWith(ToAbsl(lines[1]), "origin ") ||
      !ValidToken(checkpoint.origin = std::string(lines[1].substr(7)))) {
    return Malformed("the second line is not `origin <name>`");
  }
  if (!absl::StartsWith(ToAbsl(lines[2]), "clock ") ||
      !ValidToken(checkpoint.clock = std::string(lines[2].substr(6)))) {
    return Malformed("the third line is not `clock <instant>`");
  }
  for (size_t i = 3; i < lines.size(); ++i) {
    std::vector<std::string> fields = absl::StrSplit(ToAbsl(lines[i]), ' ');
    TreeHead tree;
    std::string root;
    if (fields.size() != 4 || fields[0] != "tree" || !ValidToken(fields[1]) ||
        !absl::SimpleAtoi(fields[2], &tree.size) || !absl::Base64Unescape(fields[3], &root) ||
        root.size() != kHashSize ||
        (!checkpoint.trees.empty() && checkpoint.trees.back().log >= fields[1])) {
      return Malformed(absl::StrCat("line ", i + 1, " is not `tree <log> <size> <root>` in order"));
    }
    tree.log = fields[1];
    tree.root = root;
    checkpoint.trees.push_back(std::move(tree));
  }
  const std::string_view signature_line = text.substr(blank + 2);
  const std::string expected_prefix =
      absl::StrCat(ToAbsl(kSignaturePrefix), checkpoint.origin, " ");
  std::string signature;
  if (!absl::StartsWith(ToAbsl(signature_line), expected_prefix) || signature_line.back() != '\n' ||
      !absl::Base64Unescape(
          ToAbsl(signature_line.substr(expected_prefix.size(),
                                       signature_line.size() - expected_prefix.size() - 1)),
          &signature)) {
    return Malformed("the last line is not `- <origin> <signature>`");
  }
  if (!VerifyEd25519(public_key_pem, body, signature)) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CHECKPOINT_SIGNATURE_INVALID",
                     "the checkpoint's signature does not hold for this public key: it was "
                     "altered, or signed with another key");
  }
  return checkpoint;
}

}  // namespace stem::transparency
