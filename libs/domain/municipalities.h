// The Flemish municipalities (NIS codes) and the 2025 mergers (rulebook section 1), read from
// the reference data where it lies (`../shared/data` by default, never copied).
//
// A code is valid on a date when it is in the list of that date: the 2019 list up to
// 2024-12-31, the 2025 list from 2025-01-01. Reports that span the mergers compare
// municipalities through the mapping (Territory2025), never by code alone: Antwerpen keeps
// 11002 after absorbing Borsbeek, Hasselt gets a new code.
#ifndef STEM_LIBS_DOMAIN_MUNICIPALITIES_H_
#define STEM_LIBS_DOMAIN_MUNICIPALITIES_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace stem::domain {

struct Municipality {
  std::string nis_code;
  std::string name;
  std::string province;  // Dutch name: Antwerpen, Limburg, Oost-Vlaanderen, ...
};

class MunicipalityRegistry {
 public:
  // Reads flemish_municipalities_2019.csv, flemish_municipalities_2025.csv and
  // flemish_nis_2019_to_2025.csv from `data_dir`.
  static absl::StatusOr<std::unique_ptr<MunicipalityRegistry>> Load(const std::string& data_dir);

  // The first day of the 2025 list.
  static constexpr absl::CivilDay kMergerDay{2025, 1, 1};

  // The municipality `nis_code` names on `date`; nullopt when the code is not valid then.
  std::optional<Municipality> Find(const std::string& nis_code, absl::CivilDay date) const;
  // INVALID_ARGUMENT with reason MUNICIPALITY_UNKNOWN when the code is not valid on `date`.
  absl::Status Validate(const std::string& nis_code, absl::CivilDay date) const;

  // Every municipality valid on `date`, by NIS code.
  const std::map<std::string, Municipality>& ListOn(absl::CivilDay date) const;

  // The 2025 municipality whose territory holds `nis_code`'s territory, for a code of
  // either list: the way to compare municipalities across the mergers. nullopt for an
  // unknown code.
  std::optional<std::string> Territory2025(const std::string& nis_code) const;

 private:
  MunicipalityRegistry() = default;
  std::map<std::string, Municipality> list_2019_;
  std::map<std::string, Municipality> list_2025_;
  std::map<std::string, std::string> successor_2025_;
};

}  // namespace stem::domain

#endif  // STEM_LIBS_DOMAIN_MUNICIPALITIES_H_
