// Recognition facts as the recognition service writes them, for the tests of the contexts
// that build on them (activity, partnership): they append these to the log instead of
// running the recognition service. services/recognition/recognition_service_test.cc checks
// that the service writes exactly these.
#ifndef STEM_CONTEXTS_RECOGNITION_TESTING_RECOGNITION_FACTS_H_
#define STEM_CONTEXTS_RECOGNITION_TESTING_RECOGNITION_FACTS_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "libs/service/testing/service_harness.h"
#include "stem/recognition/v1/events.pb.h"
#include "stem/recognition/v1/recognition_service.pb.h"

namespace stem::recognition::testing {

// A complete application for `kbo` in Antwerpen (11002), as an officer submits it.
v1::SubmitApplicationRequest ApplicationRequest(const std::string& kbo);

// The fact of ApplicationRequest(kbo) submitted on `today` as the academy's aggregate
// version `version` (its id is "<kbo>-<version>").
v1::ApplicationSubmitted SubmittedApplication(const std::string& kbo, int64_t version,
                                              absl::CivilDay today);

// A provisional grant of `application_id` decided on `today` (grant_decision.h).
v1::RecognitionGranted ProvisionalGrant(const std::string& application_id, absl::CivilDay today);

// A revocation from `effective_from`, decided on `today`.
v1::RecognitionRevoked Revocation(const std::string& effective_from, absl::CivilDay today);

// Appends to `topic` what the recognition service writes when `kbo` applies and is granted
// a provisional recognition on the harness clock's date (recognised from then for a year).
void AppendRecognition(service::testing::ServiceHarness& harness, const std::string& topic,
                       const std::string& kbo);
// Appends the revocation of `kbo`'s recognition from `effective_from`, decided today.
void AppendRevocation(service::testing::ServiceHarness& harness, const std::string& topic,
                      const std::string& kbo, const std::string& effective_from);

}  // namespace stem::recognition::testing

#endif  // STEM_CONTEXTS_RECOGNITION_TESTING_RECOGNITION_FACTS_H_
