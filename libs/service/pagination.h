// Page tokens and sizes, the same for every list (AIP-158 style): a token is opaque to the
// client and names where the next page starts.
#ifndef STEM_LIBS_SERVICE_PAGINATION_H_
#define STEM_LIBS_SERVICE_PAGINATION_H_

#include <string>

#include "absl/status/statusor.h"

namespace stem::service {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 500;

// 0 gives the default; INVALID_ARGUMENT (PAGE_SIZE_INVALID) outside 0..kMaxPageSize.
absl::StatusOr<int> PageSize(int requested);

// The token that resumes after `last_key`, and back (INVALID_ARGUMENT PAGE_TOKEN_INVALID
// for a token this service did not make). An empty token is the first page: "".
std::string EncodePageToken(const std::string& last_key);
absl::StatusOr<std::string> DecodePageToken(const std::string& token);

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_PAGINATION_H_
