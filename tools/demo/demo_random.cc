#include "tools/demo/demo_random.h"

namespace stem::demo {

uint64_t DemoRandom::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

int64_t DemoRandom::Uniform(int64_t low, int64_t high) {
  const uint64_t span = static_cast<uint64_t>(high - low) + 1;
  // The modulo bias is below 1e-12 for the small spans the scenario draws.
  return low + static_cast<int64_t>(Next() % span);
}

}  // namespace stem::demo
