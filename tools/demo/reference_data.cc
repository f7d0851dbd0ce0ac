#include "tools/demo/reference_data.h"

#include <fstream>
#include <sstream>

#include "libs/common/shared_data.h"

namespace stem::demo {

absl::StatusOr<ScenarioInputs> LoadScenarioInputs(const std::string& data_dir, uint64_t seed) {
  const std::string dir = data_dir.empty() ? DefaultSharedDataDir() : data_dir;
  auto registry = domain::MunicipalityRegistry::Load(dir);
  if (!registry.ok()) return registry.status();
  const std::string calendar_path = dir + "/flemish_school_calendar.csv";
  std::ifstream in(calendar_path);
  if (!in) return absl::NotFoundError("cannot read " + calendar_path);
  std::stringstream text;
  text << in.rdbuf();
  auto calendars = domain::ParseSchoolCalendarCsv(text.str());
  if (!calendars.ok()) return calendars.status();

  ScenarioInputs inputs;
  inputs.seed = seed;
  for (const auto& [code, municipality] : (*registry)->ListOn(absl::CivilDay(2019, 1, 1))) {
    inputs.municipalities.push_back(municipality);
  }
  inputs.calendars = std::move(*calendars);
  return inputs;
}

}  // namespace stem::demo
