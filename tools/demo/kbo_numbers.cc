#include "tools/demo/kbo_numbers.h"

#include "absl/strings/str_format.h"

namespace stem::demo {

std::string KboWithCheckDigits(int64_t first_eight) {
  return absl::StrFormat("%08d%02d", first_eight, 97 - first_eight % 97);
}

std::string DrawKbo(DemoRandom& random, int64_t low, int64_t high, std::set<std::string>& taken) {
  while (true) {
    std::string kbo = KboWithCheckDigits(random.Uniform(low, high));
    if (taken.insert(kbo).second) return kbo;
  }
}

}  // namespace stem::demo
