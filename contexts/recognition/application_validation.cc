#include "contexts/recognition/application_validation.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/domain/kbo.h"

namespace stem::recognition {
namespace {

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(ToAbsl(text)));
}

bool LooksLikeEmail(const std::string& email) {
  const size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || email.size() > 254) return false;
  if (email.find_first_of(" \t\r\n,;<>") != std::string::npos) return false;
  const std::string domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  return domain.find('@') == std::string::npos && dot != std::string::npos && dot > 0 &&
         dot + 1 < domain.size();
}

}  // namespace

absl::Status RequireReason(const std::string& reason) {
  if (Trimmed(reason).empty()) {
    return Invalid("REASON_MISSING", "every officer decision states its reason");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ApplicationSubmitted> ValidateApplication(
    const v1::SubmitApplicationRequest& request, const domain::MunicipalityRegistry& municipalities,
    absl::CivilDay today) {
  v1::ApplicationSubmitted fact;
  auto kbo = domain::NormalizeKbo(request.kbo());
  if (!kbo.ok()) return kbo.status();
  fact.set_kbo(*kbo);

  const std::string name = Trimmed(request.name());
  // Lengths and characters of text were checked with the request (request_limits.h).
  if (name.empty()) {
    return Invalid("NAME_MISSING", "give the organisation's name");
  }
  fact.set_name(name);
  const std::string email = Trimmed(request.contact_email());
  if (!LooksLikeEmail(email)) {
    return Invalid("EMAIL_INVALID", "contact_email " + Quote(email) + " is not an e-mail address");
  }
  fact.set_contact_email(email);

  if (request.domains().empty()) {
    return Invalid("DOMAINS_MISSING", "name at least one STEM domain the academy offers");
  }
  std::set<int> domains;
  for (int domain : request.domains()) {
    if (domain == common::v1::STEM_DOMAIN_UNSPECIFIED || !common::v1::StemDomain_IsValid(domain)) {
      return Invalid("DOMAIN_INVALID",
                     "domains are SCIENCE, TECHNOLOGY, ENGINEERING, "
                     "MATHEMATICS or DIGITAL");
    }
    domains.insert(domain);
  }
  for (int domain : domains) fact.add_domains(static_cast<common::v1::StemDomain>(domain));

  const common::v1::AgeRange& ages = request.ages();
  if (ages.min_age() < 0 || ages.max_age() > 99 || ages.min_age() > ages.max_age() ||
      ages.min_age() > 18 || ages.max_age() < 5) {
    return Invalid("AGE_RANGE_INVALID",
                   "the age range needs min_age <= max_age, within 0-99, overlapping 5-18");
  }
  *fact.mutable_ages() = ages;

  if (request.municipality_nis_codes().empty()) {
    return Invalid("MUNICIPALITIES_MISSING", "name at least one municipality the academy works in");
  }
  std::set<std::string> codes(request.municipality_nis_codes().begin(),
                              request.municipality_nis_codes().end());
  for (const std::string& code : codes) {
    if (absl::Status valid = municipalities.Validate(code, today); !valid.ok()) return valid;
    fact.add_municipality_nis_codes(code);
  }

  const v1::Attestations& attestations = request.attestations();
  std::string missing;
  if (!attestations.outside_school_hours()) missing += " outside_school_hours";
  if (!attestations.open_to_every_child()) missing += " open_to_every_child";
  if (!attestations.offered_as_trajectories()) missing += " offered_as_trajectories";
  if (!missing.empty()) {
    return Invalid("ATTESTATION_MISSING", "the academy must attest:" + missing);
  }
  *fact.mutable_attestations() = attestations;
  return fact;
}

}  // namespace stem::recognition
