// The register's answers (rulebook section 2) from a state: what the recognition service
// answers to GetRecognitionStatus and ListRecognisedAcademies, and what the audit answers
// as of an instant from a replay - one encoding of each query. `today` is the suite clock's
// date, for a request that names none.
#ifndef STEM_CONTEXTS_RECOGNITION_REGISTER_QUERIES_H_
#define STEM_CONTEXTS_RECOGNITION_REGISTER_QUERIES_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "libs/projection/projection_store.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::recognition {

// INVALID_ARGUMENT for a KBO number or date that does not parse.
absl::Status AnswerRecognitionStatus(const projection::StateReader& state,
                                     const v1::GetRecognitionStatusRequest& request,
                                     absl::CivilDay today,
                                     v1::GetRecognitionStatusResponse& response);

// One page of the academies recognised on the request's date, in KBO order. INVALID_ARGUMENT
// for a date, page size or page token that does not parse.
absl::Status AnswerRecognisedAcademies(const projection::StateReader& state,
                                       const v1::ListRecognisedAcademiesRequest& request,
                                       absl::CivilDay today,
                                       v1::ListRecognisedAcademiesResponse& response);

}  // namespace stem::recognition

#endif  // STEM_CONTEXTS_RECOGNITION_REGISTER_QUERIES_H_
