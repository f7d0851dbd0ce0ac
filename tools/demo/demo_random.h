// The demo's source of randomness: the same seed gives the same scenario on every platform
// and standard library, which std::uniform_int_distribution does not promise.
#ifndef STEM_TOOLS_DEMO_DEMO_RANDOM_H_
#define STEM_TOOLS_DEMO_DEMO_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace stem::demo {

class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : state_(seed) {}

  // SplitMix64: tiny, fast, and fully specified.
  uint64_t Next();
  // A whole number in [low, high], both inclusive; low <= high.
  int64_t Uniform(int64_t low, int64_t high);
  // True with the given chance in percent.
  bool Chance(int percent) { return Uniform(0, 99) < percent; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<int64_t>(items.size()) - 1))];
  }

  // Fisher-Yates, with this generator.
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[static_cast<size_t>(Uniform(0, static_cast<int64_t>(i) - 1))]);
    }
  }

 private:
  uint64_t state_;
};

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_DEMO_RANDOM_H_
