#include "contexts/activity/activity_state.h"

#include <openssl/sha.h>

#include "absl/strings/str_cat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"

namespace stem::activity {
namespace {

constexpr char kActivityPrefix[] = "activity/";
constexpr char kOwnerPrefix[] = "activity-owner/";

std::string ActivityKey(const std::string& kbo, const std::string& activity_id) {
  return absl::StrCat(kActivityPrefix, kbo, "/", activity_id);
}

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrCat("activity ", event.aggregate_id(), " version ",
                                          event.aggregate_version(), " (", event.event_type(),
                                          "): ", why));
}

void Store(projection::Batch& batch, const v1::Activity& activity) {
  batch.Put(ActivityKey(activity.academy_kbo(), activity.activity_id()),
            projection::StateBytes(activity));
}

v1::ActivitySession* FindSession(v1::Activity& activity, const std::string& session_id) {
  for (v1::ActivitySession& session : *activity.mutable_sessions()) {
    if (session.session().session_id() == session_id) return &session;
  }
  return nullptr;
}

v1::Activity Registered(const v1::ActivityRegistered& fact) {
  v1::Activity activity;
  activity.set_activity_id(fact.activity_id());
  activity.set_academy_kbo(fact.academy_kbo());
  activity.set_title(fact.title());
  *activity.mutable_domains() = fact.domains();
  activity.set_municipality_nis_code(fact.municipality_nis_code());
  *activity.mutable_ages() = fact.ages();
  for (const v1::Session& session : fact.sessions()) {
    *activity.add_sessions()->mutable_session() = session;
  }
  return activity;
}

}  // namespace

std::string ActivityIdFor(const std::string& kbo, const std::string& request_id) {
  const std::string text = kbo + "/" + request_id;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "act-";
  for (int i = 0; i < 8; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0xf];
  }
  return id;
}

absl::StatusOr<std::optional<v1::Activity>> LoadActivity(const projection::StateReader& state,
                                                         const std::string& activity_id) {
  auto kbo = state.Get(kOwnerPrefix + activity_id);
  if (!kbo.ok()) return kbo.status();
  if (!*kbo) return std::optional<v1::Activity>();
  auto activity = projection::LoadMessage<v1::Activity>(state, ActivityKey(**kbo, activity_id));
  if (!activity.ok()) return activity.status();
  if (!activity->has_value()) {
    return absl::DataLossError("activity " + activity_id + " has an owner but no state");
  }
  return activity;
}

absl::StatusOr<v1::Activity> RequireActivity(const projection::StateReader& state,
                                             const std::string& activity_id) {
  auto activity = LoadActivity(state, activity_id);
  if (!activity.ok()) return activity.status();
  if (!*activity) {
    return MakeError(absl::StatusCode::kNotFound, "ACTIVITY_NOT_FOUND",
                     "no activity with id " + Quote(activity_id));
  }
  return std::move(**activity);
}

absl::StatusOr<const v1::ActivitySession*> RequireSession(const v1::Activity& activity,
                                                          const std::string& session_id) {
  for (const v1::ActivitySession& session : activity.sessions()) {
    if (session.session().session_id() == session_id) return &session;
  }
  return MakeError(absl::StatusCode::kNotFound, "SESSION_NOT_FOUND",
                   "activity " + activity.activity_id() + " has no session " + Quote(session_id));
}

absl::Status ScanActivities(const projection::StateReader& state, const std::string& kbo,
                            const projection::Visitor<v1::Activity>& visit) {
  const std::string prefix =
      kbo.empty() ? kActivityPrefix : absl::StrCat(kActivityPrefix, kbo, "/");
  return projection::ScanMessages<v1::Activity>(
      state, prefix,
      [&](std::string_view, const v1::Activity& activity) { return visit(activity); });
}

absl::Status ProjectActivityFact(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  v1::ActivityRegistered registered;
  if (event.payload().UnpackTo(&registered)) {
    if (registered.activity_id() != event.aggregate_id()) {
      return Unexplained(event, "registers activity " + registered.activity_id());
    }
    v1::Activity activity = Registered(registered);
    activity.set_version(event.aggregate_version());
    batch.Put(kOwnerPrefix + activity.activity_id(), activity.academy_kbo());
    Store(batch, activity);
    return absl::OkStatus();
  }

  auto loaded = LoadActivity(batch, event.aggregate_id());
  if (!loaded.ok()) return loaded.status();
  if (!*loaded) return Unexplained(event, "the activity was never registered");
  v1::Activity& activity = **loaded;
  v1::SessionCancelled session_cancelled;
  v1::AttendanceReported attendance;
  if (event.payload().Is<v1::ActivityCancelled>()) {
    activity.set_cancelled(true);
  } else if (event.payload().UnpackTo(&session_cancelled)) {
    v1::ActivitySession* session = FindSession(activity, session_cancelled.session_id());
    if (session == nullptr) return Unexplained(event, "no such session");
    session->set_cancelled(true);
  } else if (event.payload().UnpackTo(&attendance)) {
    v1::ActivitySession* session = FindSession(activity, attendance.session_id());
    if (session == nullptr) return Unexplained(event, "no such session");
    // A report replaces the session's earlier one.
    *session->mutable_attendance() = attendance.counts();
  } else {
    return Unexplained(event, "the activity projector does not know this fact");
  }
  activity.set_version(event.aggregate_version());
  Store(batch, activity);
  return absl::OkStatus();
}

}  // namespace stem::activity
