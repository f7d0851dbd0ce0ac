#include "contexts/recognition/recognition_history.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/any.pb.h"
#include "libs/clock/clock.h"
#include "libs/common/absl_compat.h"
#include "libs/projection/state_bytes.h"
#include "libs/projection/typed_state.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::recognition {
namespace {

namespace recognition = ::stem::recognition::v1;

constexpr char kRecognitionPrefix[] = "recognition/";

std::string Prefix(const std::string& kbo) { return kRecognitionPrefix + kbo + "/"; }

absl::Status Unexplained(const events::v1::EventEnvelope& event, const std::string& why) {
  return absl::DataLossError(absl::StrFormat("academy %s version %d (%s): %s", event.aggregate_id(),
                                             event.aggregate_version(), event.event_type(), why));
}

}  // namespace

absl::Status ProjectRecognitionFact(const events::v1::EventEnvelope& event,
                                    projection::Batch& batch) {
  recognition::RecognitionGranted granted;
  recognition::RecognitionRevoked revoked;
  if (event.payload().UnpackTo(&granted)) {
    if (!clock::ParseDate(granted.valid_from()).ok() ||
        !clock::ParseDate(granted.valid_until()).ok()) {
      return Unexplained(event, "a grant without valid dates");
    }
  } else if (event.payload().UnpackTo(&revoked)) {
    if (!clock::ParseDate(revoked.effective_from()).ok()) {
      return Unexplained(event, "a revocation without a valid date");
    }
  } else {
    return absl::OkStatus();
  }
  // Zero-padded, so that a scan visits the facts in the order they were decided.
  batch.Put(absl::StrFormat("%s%020d", Prefix(event.aggregate_id()), event.aggregate_version()),
            projection::StateBytes(event.payload()));
  return absl::OkStatus();
}

absl::StatusOr<domain::RecognitionHistory> LoadRecognitionHistory(
    const projection::StateReader& state, const std::string& kbo) {
  domain::RecognitionHistory history;
  const std::string prefix = Prefix(kbo);
  absl::Status scanned = projection::ScanMessages<google::protobuf::Any>(
      state, prefix,
      [&](std::string_view version_digits,
          const google::protobuf::Any& payload) -> absl::StatusOr<projection::Visit> {
        int64_t version = 0;
        if (!absl::SimpleAtoi(ToAbsl(version_digits), &version)) {
          return absl::DataLossError("unreadable recognition fact version under " + prefix +
                                     std::string(version_digits));
        }
        // The dates were checked when the fact was projected; the store is read as input
        // all the same.
        const std::string what =
            absl::StrCat("the recognition fact under ", prefix, ToAbsl(version_digits));
        recognition::RecognitionGranted granted;
        recognition::RecognitionRevoked revoked;
        if (payload.UnpackTo(&granted)) {
          auto from = clock::ParseStoredDate(granted.valid_from(), what);
          if (!from.ok()) return from.status();
          auto until = clock::ParseStoredDate(granted.valid_until(), what);
          if (!until.ok()) return until.status();
          history.grants.push_back({*from, *until, version});
        } else if (payload.UnpackTo(&revoked)) {
          auto from = clock::ParseStoredDate(revoked.effective_from(), what);
          if (!from.ok()) return from.status();
          history.revocations.push_back({*from, version});
        }
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  return history;
}

}  // namespace stem::recognition
