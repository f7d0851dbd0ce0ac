#include "contexts/subsidy/academy_names.h"

#include "stem/recognition/v1/events.pb.h"

namespace stem::subsidy {
namespace {

constexpr char kAcademyPrefix[] = "subsidy/academy/";

}  // namespace

absl::Status ProjectAcademyName(const events::v1::EventEnvelope& event, projection::Batch& batch) {
  recognition::v1::ApplicationSubmitted submitted;
  if (!event.payload().UnpackTo(&submitted)) return absl::OkStatus();
  if (submitted.kbo().empty()) {
    return absl::DataLossError("recognition application " + event.event_id() + " has no KBO");
  }
  batch.Put(kAcademyPrefix + submitted.kbo(), submitted.name());
  return absl::OkStatus();
}

absl::Status ScanAcademyNames(const projection::StateReader& state, const std::string& after_kbo,
                              const AcademyNameVisitor& visit) {
  const std::string prefix = kAcademyPrefix;
  absl::Status failed;
  absl::Status scanned = state.Scan(prefix, [&](std::string_view key, std::string_view value) {
    const std::string kbo(key.substr(prefix.size()));
    if (!after_kbo.empty() && kbo <= after_kbo) return true;
    absl::StatusOr<projection::Visit> next = visit(kbo, std::string(value));
    if (!next.ok()) failed = next.status();
    return next.ok() && *next == projection::Visit::kContinue;
  });
  return failed.ok() ? scanned : failed;
}

}  // namespace stem::subsidy
