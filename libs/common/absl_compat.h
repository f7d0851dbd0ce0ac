// Debian's Abseil is built for C++14, so absl::string_view is its own class, not
// std::string_view. Our code speaks std::string_view and converts at Abseil's edge.
#ifndef STEM_LIBS_COMMON_ABSL_COMPAT_H_
#define STEM_LIBS_COMMON_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace stem {

inline absl::string_view ToAbsl(std::string_view text) { return {text.data(), text.size()}; }
inline std::string_view FromAbsl(absl::string_view text) { return {text.data(), text.size()}; }

}  // namespace stem

#endif  // STEM_LIBS_COMMON_ABSL_COMPAT_H_
