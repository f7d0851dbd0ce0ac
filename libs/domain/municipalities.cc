#include "libs/domain/municipalities.h"

#include "absl/strings/str_cat.h"
#include "libs/clock/date.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/domain/csv.h"

namespace stem::domain {
namespace {

absl::StatusOr<std::map<std::string, Municipality>> ReadList(const std::string& path) {
  auto rows = ReadCsv(path, {"nis_code", "name_nl", "province_nl"});
  if (!rows.ok()) return rows.status();
  std::map<std::string, Municipality> list;
  for (CsvRow& row : *rows) {
    const std::string code = row["nis_code"];
    if (!list.emplace(code, Municipality{code, row["name_nl"], row["province_nl"]}).second) {
      return absl::InvalidArgumentError(path + " lists " + code + " twice");
    }
  }
  return list;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MunicipalityRegistry>> MunicipalityRegistry::Load(
    const std::string& data_dir) {
  std::unique_ptr<MunicipalityRegistry> registry(new MunicipalityRegistry);
  auto list_2019 = ReadList(data_dir + "/flemish_municipalities_2019.csv");
  if (!list_2019.ok()) return list_2019.status();
  auto list_2025 = ReadList(data_dir + "/flemish_municipalities_2025.csv");
  if (!list_2025.ok()) return list_2025.status();
  registry->list_2019_ = std::move(*list_2019);
  registry->list_2025_ = std::move(*list_2025);

  const std::string mapping_path = data_dir + "/flemish_nis_2019_to_2025.csv";
  auto mapping = ReadCsv(mapping_path, {"nis_2019", "nis_2025"});
  if (!mapping.ok()) return mapping.status();
  for (CsvRow& row : *mapping) {
    if (!registry->list_2019_.count(row["nis_2019"]) ||
        !registry->list_2025_.count(row["nis_2025"])) {
      return absl::InvalidArgumentError(
          absl::StrCat(mapping_path, " maps ", row["nis_2019"], " to ", row["nis_2025"],
                       ", which the municipality lists do not both know"));
    }
    registry->successor_2025_[row["nis_2019"]] = row["nis_2025"];
  }
  if (registry->successor_2025_.size() != registry->list_2019_.size()) {
    return absl::InvalidArgumentError(mapping_path + " does not map every 2019 municipality");
  }
  return registry;
}

const std::map<std::string, Municipality>& MunicipalityRegistry::ListOn(absl::CivilDay date) const {
  return date < kMergerDay ? list_2019_ : list_2025_;
}

std::optional<Municipality> MunicipalityRegistry::Find(const std::string& nis_code,
                                                       absl::CivilDay date) const {
  const auto& list = ListOn(date);
  auto found = list.find(nis_code);
  if (found == list.end()) return std::nullopt;
  return found->second;
}

absl::Status MunicipalityRegistry::Validate(const std::string& nis_code,
                                            absl::CivilDay date) const {
  if (Find(nis_code, date)) return absl::OkStatus();
  return MakeError(
      absl::StatusCode::kInvalidArgument, "MUNICIPALITY_UNKNOWN",
      absl::StrCat(Quote(nis_code), " is not the NIS code of a Flemish municipality on ",
                   clock::FormatDate(date),
                   date < kMergerDay ? " (2019-2024 list)" : " (list from 2025)"));
}

std::optional<std::string> MunicipalityRegistry::Territory2025(const std::string& nis_code) const {
  // A 2019 code maps through the table, even when the same code also exists in 2025
  // (11002 Antwerpen grew): the 2019 territory is part of the 2025 one.
  if (auto mapped = successor_2025_.find(nis_code); mapped != successor_2025_.end()) {
    return mapped->second;
  }
  if (list_2025_.count(nis_code)) return nis_code;
  return std::nullopt;
}

}  // namespace stem::domain
