#include "contexts/partnership/partnership_state.h"

#include <openssl/sha.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"

namespace stem::partnership {
namespace {

constexpr char kPartnershipPrefix[] = "partnership/";

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("partnership ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

void Store(projection::Batch& batch, const v1::Partnership& partnership) {
  batch.Put(kPartnershipPrefix + partnership.partnership_id(), projection::StateBytes(partnership));
}

v1::Report* FindReport(v1::Partnership& partnership, const std::string& report_id) {
  for (v1::Report& report : *partnership.mutable_reports()) {
    if (report.submitted().report_id() == report_id) return &report;
  }
  return nullptr;
}

// Marks a submitted report decided; anything else is a fact the command path refuses.
absl::Status Decide(const events::v1::EventEnvelope& event, v1::Partnership& partnership,
                    const std::string& report_id, v1::ReportState state,
                    const std::string& decided_on, const std::string& reason) {
  v1::Report* report = FindReport(partnership, report_id);
  if (report == nullptr) return Unexplained(event, "no report " + report_id);
  if (report->state() != v1::REPORT_STATE_SUBMITTED) {
    return Unexplained(event, "report " + report_id + " was decided before");
  }
  report->set_state(state);
  report->set_decided_on(decided_on);
  report->set_reason(reason);
  return absl::OkStatus();
}

}  // namespace

std::string PartnershipIdFor(const std::string& lead_kbo, const std::string& request_id) {
  const std::string text = lead_kbo + "/" + request_id;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "ptn-";
  for (int i = 0; i < 8; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0xf];
  }
  return id;
}

std::string ReportIdFor(v1::ReportKind kind, int64_t version) {
  return absl::StrCat(kind == v1::REPORT_KIND_INTERIM ? "interim" : "final", "-", version);
}

absl::StatusOr<std::optional<v1::Partnership>> LoadPartnership(const projection::StateReader& state,
                                                               const std::string& partnership_id) {
  return projection::LoadMessage<v1::Partnership>(state, kPartnershipPrefix + partnership_id);
}

absl::StatusOr<v1::Partnership> RequirePartnership(const projection::StateReader& state,
                                                   const std::string& partnership_id) {
  auto partnership = LoadPartnership(state, partnership_id);
  if (!partnership.ok()) return partnership.status();
  if (!*partnership) {
    return MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                     "no partnership application with id " + Quote(partnership_id));
  }
  return std::move(**partnership);
}

absl::Status ScanPartnerships(const projection::StateReader& state, const std::string& after_id,
                              const projection::Visitor<v1::Partnership>& visit) {
  return projection::ScanMessages<v1::Partnership>(
      state, kPartnershipPrefix,
      [&](std::string_view, const v1::Partnership& partnership) { return visit(partnership); },
      after_id);
}

namespace {

// A partner's latest answer replaces its earlier one; answers stay in KBO order.
void Answer(v1::Partnership& partnership, const std::string& kbo, bool confirmed,
            const std::string& on, const std::string& reason) {
  v1::PartnerAnswer answer;
  answer.set_partner_kbo(kbo);
  answer.set_confirmed(confirmed);
  answer.set_answered_on(on);
  answer.set_reason(reason);
  auto* answers = partnership.mutable_partner_answers();
  for (v1::PartnerAnswer& earlier : *answers) {
    if (earlier.partner_kbo() == kbo) {
      earlier = std::move(answer);
      return;
    }
  }
  *answers->Add() = std::move(answer);
  std::sort(answers->begin(), answers->end(),
            [](const v1::PartnerAnswer& a, const v1::PartnerAnswer& b) {
              return a.partner_kbo() < b.partner_kbo();
            });
}

}  // namespace

absl::Status ProjectPartnershipFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch) {
  v1::PartnershipApplicationSubmitted submitted;
  if (event.payload().UnpackTo(&submitted)) {
    if (submitted.partnership_id() != event.aggregate_id() || event.aggregate_version() != 1) {
      return Unexplained(event, "submits application " + submitted.partnership_id());
    }
    v1::Partnership partnership;
    partnership.set_partnership_id(submitted.partnership_id());
    *partnership.mutable_application() = submitted;
    partnership.set_version(event.aggregate_version());
    Store(batch, partnership);
    return absl::OkStatus();
  }

  auto loaded = LoadPartnership(batch, event.aggregate_id());
  if (!loaded.ok()) return loaded.status();
  if (!*loaded) return Unexplained(event, "the application was never submitted");
  v1::Partnership& partnership = **loaded;
  v1::ReportSubmitted report;
  v1::ReportApproved approved;
  v1::ReportRejected rejected;
  v1::ParticipationConfirmed confirmed;
  v1::ParticipationDeclined declined;
  if (event.payload().UnpackTo(&confirmed)) {
    Answer(partnership, confirmed.partner_kbo(), true, confirmed.confirmed_on(), "");
  } else if (event.payload().UnpackTo(&declined)) {
    Answer(partnership, declined.partner_kbo(), false, declined.declined_on(), declined.reason());
  } else if (event.payload().UnpackTo(&report)) {
    if (FindReport(partnership, report.report_id()) != nullptr) {
      return Unexplained(event, "report " + report.report_id() + " submitted twice");
    }
    v1::Report* added = partnership.add_reports();
    *added->mutable_submitted() = report;
    added->set_state(v1::REPORT_STATE_SUBMITTED);
  } else if (event.payload().UnpackTo(&approved)) {
    if (absl::Status decided =
            Decide(event, partnership, approved.report_id(), v1::REPORT_STATE_APPROVED,
                   approved.decided_on(), approved.reason());
        !decided.ok()) {
      return decided;
    }
  } else if (event.payload().UnpackTo(&rejected)) {
    if (absl::Status decided =
            Decide(event, partnership, rejected.report_id(), v1::REPORT_STATE_REJECTED,
                   rejected.decided_on(), rejected.reason());
        !decided.ok()) {
      return decided;
    }
  } else {
    return Unexplained(event, "the partnership projector does not know this fact");
  }
  partnership.set_version(event.aggregate_version());
  Store(batch, partnership);
  return absl::OkStatus();
}

}  // namespace stem::partnership
