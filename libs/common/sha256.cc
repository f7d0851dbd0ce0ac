#include "libs/common/sha256.h"

#include <openssl/evp.h>

#include <utility>

namespace stem {

void Sha256::Free::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

absl::StatusOr<Sha256> Sha256::Create() {
  std::unique_ptr<evp_md_ctx_st, Free> context(EVP_MD_CTX_new());
  if (context == nullptr) return absl::ResourceExhaustedError("EVP_MD_CTX_new failed");
  if (EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return absl::InternalError("EVP_DigestInit_ex(sha256) failed");
  }
  return Sha256(std::move(context));
}

absl::Status Sha256::Update(std::string_view bytes) {
  if (context_ == nullptr) return absl::FailedPreconditionError("digest already finished");
  if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1) {
    return absl::InternalError("EVP_DigestUpdate failed");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Sha256::FinishHex() {
  if (context_ == nullptr) return absl::FailedPreconditionError("digest already finished");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const int rc = EVP_DigestFinal_ex(context_.get(), digest, &size);
  context_.reset();
  if (rc != 1) return absl::InternalError("EVP_DigestFinal_ex failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

}  // namespace stem
