// Incremental SHA-256 through OpenSSL's EVP interface.
#ifndef STEM_LIBS_COMMON_SHA256_H_
#define STEM_LIBS_COMMON_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

struct evp_md_ctx_st;

namespace stem {

class Sha256 {
 public:
  static absl::StatusOr<Sha256> Create();

  absl::Status Update(std::string_view bytes);
  // Lowercase hex of the digest. The hasher cannot be used afterwards.
  absl::StatusOr<std::string> FinishHex();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* context) const;
  };
  explicit Sha256(std::unique_ptr<evp_md_ctx_st, Free> context) : context_(std::move(context)) {}

  std::unique_ptr<evp_md_ctx_st, Free> context_;
};

}  // namespace stem

#endif  // STEM_LIBS_COMMON_SHA256_H_
