// KBO enterprise numbers (rulebook section 1): how organisations are identified.
#ifndef STEM_LIBS_DOMAIN_KBO_H_
#define STEM_LIBS_DOMAIN_KBO_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stem::domain {

// Accepts the three written forms `0123.456.749`, `0123456749` and `BE0123456749` and returns
// the 10 digits. INVALID_ARGUMENT with reason KBO_INVALID when the form is none of these,
// the first digit is not 0 or 1, or the check digits do not match
// (97 - (first 8 digits mod 97) must equal the last two).
absl::StatusOr<std::string> NormalizeKbo(std::string_view written);

// `0123.456.749`, the form people read.
std::string FormatKbo(std::string_view digits);

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_KBO_H_
