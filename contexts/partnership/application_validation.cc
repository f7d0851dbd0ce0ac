#include "contexts/partnership/application_validation.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/domain/kbo.h"

namespace stem::partnership {
namespace {

absl::Status Invalid(std::string_view reason, std::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

absl::Status ValidatePartners(const v1::SubmitPartnershipApplicationRequest& request,
                              const std::string& lead, v1::PartnershipApplicationSubmitted& fact) {
  if (request.partners().empty()) {
    return Invalid("PARTNERS_MISSING",
                   "name the partners: at least a local government, a company and an "
                   "education partner");
  }
  std::map<std::string, v1::HelixRole> partners;
  for (const v1::Partner& partner : request.partners()) {
    auto kbo = domain::NormalizeKbo(partner.kbo());
    if (!kbo.ok()) return kbo.status();
    if (partner.role() == v1::HELIX_ROLE_UNSPECIFIED || !v1::HelixRole_IsValid(partner.role())) {
      return Invalid("PARTNER_INVALID", "partner " + *kbo +
                                            " needs a helix role: LOCAL_GOVERNMENT, COMPANY, "
                                            "EDUCATION or YOUTH");
    }
    if (*kbo == lead) {
      return Invalid("PARTNER_INVALID", "the lead " + lead + " is not its own partner");
    }
    if (!partners.emplace(*kbo, partner.role()).second) {
      return Invalid("PARTNER_INVALID", "partner " + *kbo + " is listed more than once");
    }
  }
  std::set<v1::HelixRole> roles;
  for (const auto& [kbo, role] : partners) {
    roles.insert(role);
    v1::Partner* added = fact.add_partners();
    added->set_kbo(kbo);
    added->set_role(role);
  }
  std::string missing;
  for (v1::HelixRole required :
       {v1::HELIX_ROLE_LOCAL_GOVERNMENT, v1::HELIX_ROLE_COMPANY, v1::HELIX_ROLE_EDUCATION}) {
    if (roles.count(required) == 0) missing += " " + v1::HelixRole_Name(required);
  }
  if (!missing.empty()) {
    return Invalid("HELIX_INCOMPLETE",
                   "a partnership needs partners of every helix role; missing:" + missing);
  }
  return absl::OkStatus();
}

}  // namespace

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(ToAbsl(text)));
}

absl::Status RequireReason(const std::string& reason) {
  if (Trimmed(reason).empty()) {
    return Invalid("REASON_MISSING", "a rejection states its reason");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PartnershipApplicationSubmitted> ValidateApplication(
    const v1::SubmitPartnershipApplicationRequest& request,
    const domain::MunicipalityRegistry& municipalities, absl::CivilDay today) {
  v1::PartnershipApplicationSubmitted fact;
  auto lead = domain::NormalizeKbo(request.lead_kbo());
  if (!lead.ok()) return lead.status();
  fact.set_lead_kbo(*lead);
  fact.set_call_id(request.call_id());

  if (absl::Status partners = ValidatePartners(request, *lead, fact); !partners.ok()) {
    return partners;
  }

  if (request.region_nis_codes().empty()) {
    return Invalid("REGION_MISSING", "name the municipalities of the partnership's region");
  }
  const std::set<std::string> region(request.region_nis_codes().begin(),
                                     request.region_nis_codes().end());
  for (const std::string& code : region) {
    if (absl::Status valid = municipalities.Validate(code, today); !valid.ok()) return valid;
    fact.add_region_nis_codes(code);
  }

  if (request.requested_cents() <= 0) {
    return Invalid("AMOUNT_INVALID", absl::StrCat("requested_cents must be positive, not ",
                                                  request.requested_cents()));
  }
  fact.set_requested_cents(request.requested_cents());

  const std::string title = Trimmed(request.title());
  // Lengths and characters of text were checked with the request (request_limits.h).
  if (title.empty()) return Invalid("TITLE_MISSING", "give the project's title");
  fact.set_title(title);
  fact.set_description(Trimmed(request.description()));
  return fact;
}

}  // namespace stem::partnership
