#include "libs/allocation/allocation_rule.h"

#include <algorithm>

namespace stem::allocation {

std::optional<int64_t> ApplicationCap(const PeriodTerms& terms,
                                      const std::optional<int64_t>& requested_cents) {
  if (terms.academy_cap_cents && requested_cents) {
    return std::min(*terms.academy_cap_cents, *requested_cents);
  }
  return terms.academy_cap_cents ? terms.academy_cap_cents : requested_cents;
}

}  // namespace stem::allocation
