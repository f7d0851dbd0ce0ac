// The coverage of a period (rulebook section 7): per municipality, the academies with
// child-minutes > 0 there, the child-minutes, the sessions offered and counted, and the
// trajectories of STEM-partnerships; the municipalities reached (at least one session
// dated in the period with child-minutes > 0 there) and those with no offer at all.
//
// Across the 2025 mergers municipalities are compared through the mapping, never by code
// alone: in 2025 territories, a session in a 2019 code counts under the 2025 municipality
// whose territory holds it, so Hasselt (71022) and Kortessem (73040) are one municipality,
// Hasselt (71072), reached once.
#ifndef STEM_CONTEXTS_SUBSIDY_COVERAGE_H_
#define STEM_CONTEXTS_SUBSIDY_COVERAGE_H_

#include "absl/status/statusor.h"
#include "libs/domain/municipalities.h"
#include "libs/projection/projection_store.h"
#include "libs/rpc/principal.h"
#include "stem/subsidy/v1/report_service.pb.h"
#include "stem/subsidy/v1/subsidy_service.pb.h"

namespace stem::subsidy {

// The territories a request names, for the period: unspecified gives the 2025 territories
// for a period that reaches into 2025, else the 2019 ones. INVALID_ARGUMENT
// (TERRITORIES_INVALID) for the 2019 territories of a period that reaches into 2025.
absl::StatusOr<v1::Territories> ResolveTerritories(const v1::PeriodOpened& period,
                                                   v1::Territories requested);

// Every municipality of the territories, by NIS code, and the totals.
absl::StatusOr<v1::GetCoverageResponse> ComputeCoverage(
    const projection::StateReader& state, const domain::MunicipalityRegistry& municipalities,
    const v1::PeriodOpened& period, v1::Territories territories);

// What GetCoverage answers `caller` (the report service, and the audit as of an instant):
// the period's coverage; a municipality sees its own line (or, in 2019 territories, the
// lines its 2025 territory now holds) and the totals. NOT_FOUND for an unknown period.
absl::StatusOr<v1::GetCoverageResponse> AnswerCoverage(
    const projection::StateReader& state, const domain::MunicipalityRegistry& municipalities,
    const v1::GetCoverageRequest& request, const rpc::Principal& caller);

}  // namespace stem::subsidy

#endif  // STEM_CONTEXTS_SUBSIDY_COVERAGE_H_
