// Made-up but valid KBO enterprise numbers for the demo's organisations (rulebook section 1:
// the last two digits are 97 - (the first eight mod 97)).
#ifndef STEM_TOOLS_DEMO_KBO_NUMBERS_H_
#define STEM_TOOLS_DEMO_KBO_NUMBERS_H_

#include <cstdint>
#include <set>
#include <string>

#include "tools/demo/demo_random.h"

namespace stem::demo {

// The 10 digits whose first eight are `first_eight` (0 to 19999999) with their check digits.
std::string KboWithCheckDigits(int64_t first_eight);

// A fresh number whose first eight digits lie in [low, high], not yet in `taken` (which
// then holds it): organisations never share a number.
std::string DrawKbo(DemoRandom& random, int64_t low, int64_t high, std::set<std::string>& taken);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_KBO_NUMBERS_H_
