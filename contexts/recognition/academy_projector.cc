#include "contexts/recognition/academy_projector.h"

#include "absl/strings/str_cat.h"
#include "contexts/recognition/academy_state.h"
#include "google/protobuf/util/time_util.h"
#include "libs/clock/clock.h"
#include "libs/events/timestamps.h"
#include "libs/rpc/principal.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::recognition {
namespace {

using google::protobuf::util::TimeUtil;

v1::Application* FindApplication(v1::Academy& academy, const std::string& application_id) {
  for (v1::Application& application : *academy.mutable_applications()) {
    if (application.submitted().application_id() == application_id) return &application;
  }
  return nullptr;
}

void Submitted(const v1::ApplicationSubmitted& fact, v1::Academy& academy) {
  academy.set_kbo(fact.kbo());
  academy.set_name(fact.name());
  academy.set_contact_email(fact.contact_email());
  *academy.mutable_domains() = fact.domains();
  *academy.mutable_ages() = fact.ages();
  *academy.mutable_municipality_nis_codes() = fact.municipality_nis_codes();
  v1::Application* application = academy.add_applications();
  *application->mutable_submitted() = fact;
  application->set_state(v1::APPLICATION_STATE_PENDING);
}

void Granted(const v1::RecognitionGranted& fact, const std::string& decided_on, int64_t version,
             v1::Academy& academy) {
  if (v1::Application* application = FindApplication(academy, fact.application_id())) {
    application->set_state(v1::APPLICATION_STATE_GRANTED);
  }
  v1::Grant* grant = academy.add_grants();
  grant->set_application_id(fact.application_id());
  grant->set_kind(fact.kind());
  grant->set_valid_from(fact.valid_from());
  grant->set_valid_until(fact.valid_until());
  grant->set_reason(fact.reason());
  grant->set_decided_on(decided_on);
  grant->set_decided_at_version(version);
}

void Rejected(const v1::ApplicationRejected& fact, v1::Academy& academy) {
  if (v1::Application* application = FindApplication(academy, fact.application_id())) {
    application->set_state(v1::APPLICATION_STATE_REJECTED);
  }
}

absl::Status Revoked(const v1::RecognitionRevoked& fact, int64_t version, v1::Academy& academy) {
  const std::string what = "academy " + academy.kbo();
  auto from = clock::ParseStoredDate(fact.effective_from(), what);
  if (!from.ok()) return from.status();
  // Every grant decided before it ends early (the earliest revocation wins).
  for (v1::Grant& grant : *academy.mutable_grants()) {
    bool earlier = grant.revoked_from().empty();
    if (!earlier) {
      auto revoked_from = clock::ParseStoredDate(grant.revoked_from(), what);
      if (!revoked_from.ok()) return revoked_from.status();
      earlier = *from < *revoked_from;
    }
    if (earlier) grant.set_revoked_from(fact.effective_from());
  }
  v1::Revocation* revocation = academy.add_revocations();
  revocation->set_effective_from(fact.effective_from());
  revocation->set_reason(fact.reason());
  revocation->set_decided_on(fact.decided_on());
  revocation->set_decided_at_version(version);
  return absl::OkStatus();
}

std::string ShortType(const std::string& event_type) {
  return event_type.substr(event_type.rfind('.') + 1);
}

}  // namespace

absl::Status AcademyProjector::Apply(const events::v1::EventEnvelope& event,
                                     const eventlog::Record& /*record*/, projection::Batch& batch) {
  auto loaded = LoadAcademy(batch, event.aggregate_id());
  if (!loaded.ok()) return loaded.status();
  v1::Academy academy = loaded->value_or(v1::Academy());
  const std::string occurred_at = TimeUtil::ToString(event.occurred_at());
  // "The decision date" is the clock's local date in Brussels, not the UTC date.
  const std::string decided_on =
      clock::FormatDate(clock::LocalDate(events::FromTimestamp(event.occurred_at())));
  std::string summary;

  v1::ApplicationSubmitted submitted;
  v1::RecognitionGranted granted;
  v1::ApplicationRejected rejected;
  v1::RecognitionRevoked revoked;
  if (event.payload().UnpackTo(&submitted)) {
    Submitted(submitted, academy);
    summary = "application " + submitted.application_id() + " submitted";
  } else if (event.payload().UnpackTo(&granted)) {
    Granted(granted, decided_on, event.aggregate_version(), academy);
    summary =
        absl::StrCat(v1::RecognitionKind_Name(granted.kind()), " recognition ",
                     granted.valid_from(), " - ", granted.valid_until(), ": ", granted.reason());
  } else if (event.payload().UnpackTo(&rejected)) {
    Rejected(rejected, academy);
    summary = "application " + rejected.application_id() + " rejected: " + rejected.reason();
  } else if (event.payload().UnpackTo(&revoked)) {
    if (absl::Status status = Revoked(revoked, event.aggregate_version(), academy); !status.ok()) {
      return status;
    }
    summary = "revoked from " + revoked.effective_from() + ": " + revoked.reason();
  } else {
    return absl::InvalidArgumentError("the recognition projector does not know " +
                                      event.event_type());
  }
  academy.set_version(event.aggregate_version());
  v1::HistoryEntry* entry = academy.add_history();
  entry->set_version(event.aggregate_version());
  entry->set_event_type(ShortType(event.event_type()));
  entry->set_event_id(event.event_id());
  entry->set_occurred_at(occurred_at);
  entry->set_actor(rpc::RoleName(event.actor().role()) + ":" + event.actor().identity());
  entry->set_summary(summary);
  StoreAcademy(batch, academy);
  return absl::OkStatus();
}

}  // namespace stem::recognition
