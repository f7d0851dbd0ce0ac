#include "contexts/recognition/testing/recognition_facts.h"

#include "absl/strings/str_cat.h"
#include "contexts/recognition/academy_state.h"
#include "contexts/recognition/grant_decision.h"
#include "libs/clock/clock.h"
#include "libs/clock/date.h"
#include "libs/common/check.h"

namespace stem::recognition::testing {

v1::SubmitApplicationRequest ApplicationRequest(const std::string& kbo) {
  v1::SubmitApplicationRequest request;
  request.set_kbo(kbo);
  request.set_name("STEM-academie " + kbo);
  request.set_contact_email("info@academie.be");
  request.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  request.mutable_ages()->set_min_age(6);
  request.mutable_ages()->set_max_age(18);
  request.add_municipality_nis_codes("11002");
  request.mutable_attestations()->set_outside_school_hours(true);
  request.mutable_attestations()->set_open_to_every_child(true);
  request.mutable_attestations()->set_offered_as_trajectories(true);
  return request;
}

v1::ApplicationSubmitted SubmittedApplication(const std::string& kbo, int64_t version,
                                              absl::CivilDay today) {
  const v1::SubmitApplicationRequest request = ApplicationRequest(kbo);
  v1::ApplicationSubmitted submitted;
  submitted.set_application_id(absl::StrCat(kbo, "-", version));
  submitted.set_kbo(kbo);
  submitted.set_name(request.name());
  submitted.set_contact_email(request.contact_email());
  *submitted.mutable_domains() = request.domains();
  *submitted.mutable_ages() = request.ages();
  *submitted.mutable_municipality_nis_codes() = request.municipality_nis_codes();
  *submitted.mutable_attestations() = request.attestations();
  submitted.set_submitted_on(clock::FormatDate(today));
  return submitted;
}

v1::RecognitionGranted ProvisionalGrant(const std::string& application_id, absl::CivilDay today) {
  const absl::StatusOr<GrantTerms> terms =
      DecideGrantTerms(v1::RECOGNITION_KIND_PROVISIONAL, false, today);
  STEM_CHECK(terms.ok(), "a provisional grant is always possible");
  v1::RecognitionGranted granted;
  granted.set_application_id(application_id);
  granted.set_kind(v1::RECOGNITION_KIND_PROVISIONAL);
  granted.set_valid_from(clock::FormatDate(terms->valid_from));
  granted.set_valid_until(clock::FormatDate(terms->valid_until));
  granted.set_reason("meets every criterion");
  return granted;
}

v1::RecognitionRevoked Revocation(const std::string& effective_from, absl::CivilDay today) {
  v1::RecognitionRevoked revoked;
  revoked.set_effective_from(effective_from);
  revoked.set_reason("activities stopped");
  revoked.set_decided_on(clock::FormatDate(today));
  return revoked;
}

namespace {

absl::CivilDay Today(service::testing::ServiceHarness& harness) {
  return clock::LocalDate(harness.clock().clock().Now());
}

}  // namespace

void AppendRecognition(service::testing::ServiceHarness& harness, const std::string& topic,
                       const std::string& kbo) {
  const v1::ApplicationSubmitted submitted =
      SubmittedApplication(kbo, harness.AppendedVersion(kAggregateType, kbo) + 1, Today(harness));
  harness.AppendFact(topic, kAggregateType, kbo, submitted);
  harness.AppendFact(topic, kAggregateType, kbo,
                     ProvisionalGrant(submitted.application_id(), Today(harness)));
}

void AppendRevocation(service::testing::ServiceHarness& harness, const std::string& topic,
                      const std::string& kbo, const std::string& effective_from) {
  harness.AppendFact(topic, kAggregateType, kbo, Revocation(effective_from, Today(harness)));
}

}  // namespace stem::recognition::testing
