// The facts a store set aside (projection_store.h: ScanQuarantined), in log order, for tests.
#ifndef STEM_LIBS_PROJECTION_TESTING_QUARANTINED_H_
#define STEM_LIBS_PROJECTION_TESTING_QUARANTINED_H_

#include <gtest/gtest.h>

#include <vector>

#include "libs/projection/projection_store.h"

namespace stem::projection::testing {

inline std::vector<v1::QuarantinedFact> Quarantined(const ProjectionStore& store) {
  std::vector<v1::QuarantinedFact> facts;
  const absl::Status scanned =
      store.ScanQuarantined(std::nullopt, [&](const v1::QuarantinedFact& fact) {
        facts.push_back(fact);
        return true;
      });
  EXPECT_TRUE(scanned.ok()) << scanned;
  return facts;
}

}  // namespace stem::projection::testing

#endif  // STEM_LIBS_PROJECTION_TESTING_QUARANTINED_H_
