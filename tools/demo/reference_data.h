// The generator's inputs read from the shared reference data where it lies (never copied):
// the municipalities valid in 2019 and the school calendars.
#ifndef STEM_TOOLS_DEMO_REFERENCE_DATA_H_
#define STEM_TOOLS_DEMO_REFERENCE_DATA_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "libs/common/shared_data.h"
#include "tools/demo/scenario_generator.h"

namespace stem::demo {

// `data_dir` empty: DefaultSharedDataDir() ($STEM_SHARED_DATA_DIR, else
// ../shared/data).
absl::StatusOr<ScenarioInputs> LoadScenarioInputs(const std::string& data_dir, uint64_t seed);

}  // namespace stem::demo

#endif  // STEM_TOOLS_DEMO_REFERENCE_DATA_H_
