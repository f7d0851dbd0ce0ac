#include "contexts/subsidy/partnership_records.h"

#include "absl/strings/str_cat.h"
#include "libs/projection/typed_state.h"

namespace stem::subsidy {
namespace {

namespace partnership = ::stem::partnership::v1;

constexpr char kCallPrefix[] = "subsidy/call/";
constexpr char kApprovedPrefix[] = "subsidy/approved/";
constexpr char kReportPrefix[] = "subsidy/report/";
constexpr char kReportApprovedPrefix[] = "subsidy/report-approved/";

absl::Status Unreadable(const events::v1::EventEnvelope& event, const std::string& why) {
  // Refused rather than skipped: a partnership this service cannot read would be paid
  // wrongly or counted wrongly in the budgets.
  return absl::DataLossError(
      absl::StrCat("partnership fact ", event.event_id(), " (", event.event_type(), "): ", why));
}

}  // namespace

absl::Status ProjectPartnershipRecord(const events::v1::EventEnvelope& event,
                                      projection::Batch& batch) {
  partnership::CallOpened call;
  partnership::PartnershipApproved approved;
  partnership::ReportSubmitted submitted;
  partnership::ReportApproved report_approved;
  if (event.payload().UnpackTo(&call)) {
    if (call.call_id().empty()) return Unreadable(event, "a call without id");
    projection::StoreMessage(batch, kCallPrefix + call.call_id(), call);
  } else if (event.payload().UnpackTo(&approved)) {
    if (approved.partnership_id().empty() || approved.call_id().empty()) {
      return Unreadable(event, "an approval without partnership or call id");
    }
    projection::StoreMessage(batch, kApprovedPrefix + approved.partnership_id(), approved);
  } else if (event.payload().UnpackTo(&submitted)) {
    if (submitted.partnership_id().empty() || submitted.report_id().empty()) {
      return Unreadable(event, "a report without partnership or report id");
    }
    projection::StoreMessage(
        batch, absl::StrCat(kReportPrefix, submitted.partnership_id(), "/", submitted.report_id()),
        submitted);
  } else if (event.payload().UnpackTo(&report_approved)) {
    if (report_approved.partnership_id().empty() || report_approved.report_id().empty()) {
      return Unreadable(event, "a report approval without partnership or report id");
    }
    projection::StoreMessage(batch,
                             absl::StrCat(kReportApprovedPrefix, report_approved.partnership_id(),
                                          "/", report_approved.report_id()),
                             report_approved);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<partnership::CallOpened>> LoadCall(
    const projection::StateReader& state, const std::string& call_id) {
  return projection::LoadMessage<partnership::CallOpened>(state, kCallPrefix + call_id);
}

absl::Status ScanCalls(const projection::StateReader& state,
                       const projection::Visitor<partnership::CallOpened>& visit) {
  return projection::ScanMessages<partnership::CallOpened>(
      state, kCallPrefix,
      [&](std::string_view, const partnership::CallOpened& call) { return visit(call); });
}

absl::StatusOr<std::optional<partnership::PartnershipApproved>> LoadApprovedPartnership(
    const projection::StateReader& state, const std::string& partnership_id) {
  return projection::LoadMessage<partnership::PartnershipApproved>(
      state, kApprovedPrefix + partnership_id);
}

absl::Status ScanApprovedPartnerships(
    const projection::StateReader& state,
    const projection::Visitor<partnership::PartnershipApproved>& visit) {
  return projection::ScanMessages<partnership::PartnershipApproved>(
      state, kApprovedPrefix,
      [&](std::string_view, const partnership::PartnershipApproved& approved) {
        return visit(approved);
      });
}

absl::StatusOr<std::set<std::string>> ApprovedTrajectories(const projection::StateReader& state,
                                                           const std::string& partnership_id) {
  std::set<std::string> approved_reports;
  absl::Status scanned = projection::ScanMessages<partnership::ReportApproved>(
      state, absl::StrCat(kReportApprovedPrefix, partnership_id, "/"),
      [&](std::string_view report_id, const partnership::ReportApproved&) {
        approved_reports.emplace(report_id);
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  std::set<std::string> trajectories;
  scanned = projection::ScanMessages<partnership::ReportSubmitted>(
      state, absl::StrCat(kReportPrefix, partnership_id, "/"),
      [&](std::string_view report_id, const partnership::ReportSubmitted& report) {
        if (approved_reports.count(std::string(report_id)) > 0) {
          trajectories.insert(report.trajectory_nis_codes().begin(),
                              report.trajectory_nis_codes().end());
        }
        return projection::Visit::kContinue;
      });
  if (!scanned.ok()) return scanned;
  return trajectories;
}

std::vector<int32_t> ScheduleOf(const partnership::CallOpened& call) {
  const partnership::TrancheSchedule& schedule = call.tranche_schedule();
  if (schedule.on_approval_permille() == 0 && schedule.on_interim_report_permille() == 0 &&
      schedule.on_final_report_permille() == 0) {
    return {500, 300, 200};
  }
  return {schedule.on_approval_permille(), schedule.on_interim_report_permille(),
          schedule.on_final_report_permille()};
}

}  // namespace stem::subsidy
