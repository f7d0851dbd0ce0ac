#include "libs/domain/kbo.h"

#include <cctype>

#include "libs/common/error.h"
#include "libs/common/text.h"

namespace stem::domain {
namespace {

absl::Status Invalid(std::string_view written, std::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, "KBO_INVALID",
                   "KBO number " + Quote(written) + " " + std::string(why) +
                       "; write it as 0123.456.749, 0123456749 or BE0123456749");
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The digits of `0123.456.749`, or empty when `text` is not in that form.
std::string FromDotted(std::string_view text) {
  if (text.size() != 12 || text[4] != '.' || text[8] != '.') return "";
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 8) continue;
    if (!IsDigit(text[i])) return "";
    digits += text[i];
  }
  return digits;
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> NormalizeKbo(std::string_view written) {
  std::string digits;
  if (written.size() == 12 && written.substr(0, 2) == "BE" && AllDigits(written.substr(2))) {
    digits = std::string(written.substr(2));
  } else if (written.size() == 10 && AllDigits(written)) {
    digits = std::string(written);
  } else {
    digits = FromDotted(written);
  }
  if (digits.empty()) return Invalid(written, "is not in a known form");
  if (digits[0] != '0' && digits[0] != '1') return Invalid(written, "must start with 0 or 1");
  const int first_eight = std::stoi(digits.substr(0, 8));
  const int check = std::stoi(digits.substr(8, 2));
  if (97 - first_eight % 97 != check) return Invalid(written, "has wrong check digits");
  return digits;
}

std::string FormatKbo(std::string_view digits) {
  if (digits.size() != 10) return std::string(digits);
  return std::string(digits.substr(0, 4)) + "." + std::string(digits.substr(4, 3)) + "." +
         std::string(digits.substr(7, 3));
}

}  // namespace stem::domain
