// The recognition chapters of the story: school calendars, first applications and the
// officer's decisions, the register of expiring recognitions, renewals.
#include <atomic>

#include "absl/strings/str_cat.h"
#include "libs/clock/date.h"
#include "tools/demo/batch_runner.h"
#include "tools/demo/story.h"

namespace stem::demo {
namespace {

using recognition::v1::RecognitionService;

const char* WaveName(Wave wave) {
  return wave == Wave::kFirstWave ? "the first wave" : "newcomers";
}

std::vector<const AcademyPlan*> AcademiesOf(const ScenarioPlan& plan, Wave wave,
                                            bool renewing_only) {
  std::vector<const AcademyPlan*> academies;
  for (const AcademyPlan& academy : plan.academies) {
    if (academy.wave != wave) continue;
    if (renewing_only && academy.path != RecognitionPath::kRenewedFull) continue;
    academies.push_back(&academy);
  }
  return academies;
}

activity::v1::DateRange RangeOf(const domain::DateRange& range) {
  activity::v1::DateRange result;
  result.set_first_day(clock::FormatDate(range.first));
  result.set_last_day(clock::FormatDate(range.last));
  result.set_name(range.name);
  return result;
}

recognition::v1::SubmitApplicationRequest ApplicationOf(const AcademyPlan& academy,
                                                        const std::string& request_id) {
  recognition::v1::SubmitApplicationRequest request;
  request.set_request_id(request_id);
  request.set_kbo(academy.kbo);
  request.set_name(academy.name);
  request.set_contact_email(academy.contact_email);
  for (common::v1::StemDomain domain : academy.domains) request.add_domains(domain);
  *request.mutable_ages() = academy.ages;
  for (const std::string& code : academy.municipalities) request.add_municipality_nis_codes(code);
  request.mutable_attestations()->set_outside_school_hours(true);
  request.mutable_attestations()->set_open_to_every_child(true);
  request.mutable_attestations()->set_offered_as_trajectories(true);
  return request;
}

}  // namespace

absl::Status Story::PublishCalendar(int start_year) {
  for (const domain::SchoolYearCalendar& calendar : plan_.calendars) {
    if (calendar.start_year != start_year) continue;
    activity::v1::PublishSchoolCalendarRequest request;
    request.set_request_id(absl::StrCat("calendar-", start_year));
    request.set_school_year(domain::SchoolYearName(start_year));
    for (const auto& range : calendar.holidays) *request.add_holidays() = RangeOf(range);
    for (const auto& range : calendar.public_holidays) {
      *request.add_public_holidays() = RangeOf(range);
    }
    activity::v1::PublishSchoolCalendarResponse response;
    if (absl::Status published = Invoke(
            client_, Officer(), "PublishSchoolCalendar", request.school_year(), client_.activity(),
            &activity::v1::ActivityService::Stub::PublishSchoolCalendar, request, &response);
        !published.ok()) {
      return published;
    }
    Say(absl::StrCat("officer publishes the school calendar ", request.school_year(), ": ",
                     calendar.holidays.size(), " holidays, ", calendar.public_holidays.size(),
                     " public holidays"));
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("no school calendar ", start_year, " in the plan"));
}

absl::Status Story::ApplyForRecognition(Wave wave) {
  const std::vector<const AcademyPlan*> academies = AcademiesOf(plan_, wave, false);
  std::vector<recognition::v1::SubmitApplicationResponse> responses(academies.size());
  absl::Status applied = RunBatch(options_.parallelism, academies.size(), [&](size_t i) {
    return Invoke(client_, AcademyActor(academies[i]->kbo), "SubmitApplication (recognition)",
                  academies[i]->kbo, client_.recognition(),
                  &RecognitionService::Stub::SubmitApplication,
                  ApplicationOf(*academies[i], "recognition-" + academies[i]->kbo), &responses[i]);
  });
  if (!applied.ok()) return applied;
  for (size_t i = 0; i < academies.size(); ++i) {
    pending_application_[academies[i]->kbo] = responses[i].application_id();
    academy_version_[academies[i]->kbo] = responses[i].version();
  }
  Say(absl::StrCat(academies.size(), " organisations apply for recognition as STEM-academy (",
                   WaveName(wave), ")"));
  return absl::OkStatus();
}

absl::Status Story::DecideRecognition(Wave wave) {
  const std::vector<const AcademyPlan*> academies = AcademiesOf(plan_, wave, false);
  std::vector<recognition::v1::GrantRecognitionResponse> grants(academies.size());
  std::atomic<int> granted{0}, rejected{0};
  auto grant_request = [&](const AcademyPlan& academy) {
    recognition::v1::GrantRecognitionRequest request;
    request.set_request_id("grant-" + academy.kbo);
    request.set_kbo(academy.kbo);
    request.set_application_id(pending_application_.at(academy.kbo));
    request.set_kind(recognition::v1::RECOGNITION_KIND_PROVISIONAL);
    request.set_reason("Voldoet aan de criteria; eerste erkenning: voorlopig, voor een jaar.");
    request.set_expected_version(academy_version_.at(academy.kbo));
    return request;
  };
  absl::Status decided = RunBatch(options_.parallelism, academies.size(), [&](size_t i) {
    const AcademyPlan& academy = *academies[i];
    if (academy.path == RecognitionPath::kRejected) {
      recognition::v1::RejectApplicationRequest request;
      request.set_request_id("reject-" + academy.kbo);
      request.set_kbo(academy.kbo);
      request.set_application_id(pending_application_.at(academy.kbo));
      for (int code : academy.rejection_codes) {
        request.add_reason_codes(static_cast<recognition::v1::RejectionReason>(code));
      }
      request.set_reason(academy.rejection_reason);
      request.set_expected_version(academy_version_.at(academy.kbo));
      recognition::v1::RejectApplicationResponse response;
      ++rejected;
      return Invoke(client_, Officer(), "RejectApplication", academy.kbo, client_.recognition(),
                    &RecognitionService::Stub::RejectApplication, request, &response);
    }
    ++granted;
    return Invoke(client_, Officer(), "GrantRecognition", academy.kbo, client_.recognition(),
                  &RecognitionService::Stub::GrantRecognition, grant_request(academy), &grants[i]);
  });
  if (!decided.ok()) return decided;
  std::string valid_until;
  for (size_t i = 0; i < academies.size(); ++i) {
    if (academies[i]->path != RecognitionPath::kRejected) valid_until = grants[i].valid_until();
  }
  Say(absl::StrCat("officer grants ", granted.load(), " provisional recognitions (valid until ",
                   valid_until, ") and rejects ", rejected.load(), " applications"));
  // A retry with the same request id (after a lost answer, say) gets the first answer back
  // and writes nothing: shown once.
  if (wave == Wave::kFirstWave) {
    for (size_t i = 0; i < academies.size(); ++i) {
      if (academies[i]->path == RecognitionPath::kRejected) continue;
      recognition::v1::GrantRecognitionResponse again;
      if (absl::Status retried =
              Invoke(client_, Officer(), "GrantRecognition (retried)", academies[i]->kbo,
                     client_.recognition(), &RecognitionService::Stub::GrantRecognition,
                     grant_request(*academies[i]), &again);
          !retried.ok()) {
        return retried;
      }
      if (again.version() != grants[i].version()) {
        return absl::InternalError("a retried GrantRecognition wrote again: version " +
                                   absl::StrCat(again.version(), " after ", grants[i].version()));
      }
      Say("  the officer's grant for " + academies[i]->kbo +
          " sent again with the same request id: the first answer, nothing written twice");
      break;
    }
  }
  return absl::OkStatus();
}

absl::Status Story::ListExpiring(int within_days) {
  int recognised = 0, expiring = 0;
  std::string token;
  do {
    recognition::v1::ListRecognisedAcademiesRequest request;
    request.set_page_size(500);
    request.set_page_token(token);
    recognition::v1::ListRecognisedAcademiesResponse response;
    if (absl::Status listed =
            Invoke(client_, Officer(), "ListRecognisedAcademies", "today", client_.recognition(),
                   &RecognitionService::Stub::ListRecognisedAcademies, request, &response);
        !listed.ok()) {
      return listed;
    }
    recognised += response.academies_size();
    token = response.next_page_token();
  } while (!token.empty());
  do {
    recognition::v1::ListExpiringRecognitionsRequest request;
    request.set_within_days(within_days);
    request.set_page_size(500);
    request.set_page_token(token);
    recognition::v1::ListExpiringRecognitionsResponse response;
    if (absl::Status listed =
            Invoke(client_, Officer(), "ListExpiringRecognitions",
                   absl::StrCat(within_days, " days"), client_.recognition(),
                   &RecognitionService::Stub::ListExpiringRecognitions, request, &response);
        !listed.ok()) {
      return listed;
    }
    expiring += response.academies_size();
    token = response.next_page_token();
  } while (!token.empty());
  Say(absl::StrCat("register: ", recognised, " academies recognised today; ", expiring,
                   " recognitions end within ", within_days,
                   " days: the officer invites them "
                   "to renew"));
  return absl::OkStatus();
}

absl::Status Story::ApplyForRenewal(Wave wave) {
  const std::vector<const AcademyPlan*> academies = AcademiesOf(plan_, wave, true);
  std::vector<recognition::v1::SubmitApplicationResponse> responses(academies.size());
  absl::Status applied = RunBatch(options_.parallelism, academies.size(), [&](size_t i) {
    return Invoke(client_, AcademyActor(academies[i]->kbo), "SubmitApplication (renewal)",
                  academies[i]->kbo, client_.recognition(),
                  &RecognitionService::Stub::SubmitApplication,
                  ApplicationOf(*academies[i], "renewal-" + academies[i]->kbo), &responses[i]);
  });
  if (!applied.ok()) return applied;
  for (size_t i = 0; i < academies.size(); ++i) {
    pending_application_[academies[i]->kbo] = responses[i].application_id();
    academy_version_[academies[i]->kbo] = responses[i].version();
  }
  Say(absl::StrCat(academies.size(), " academies of ", WaveName(wave),
                   " apply to renew their recognition"));
  return absl::OkStatus();
}

absl::Status Story::GrantRenewals(Wave wave) {
  const std::vector<const AcademyPlan*> academies = AcademiesOf(plan_, wave, true);
  std::vector<recognition::v1::GrantRecognitionResponse> grants(academies.size());
  absl::Status granted = RunBatch(options_.parallelism, academies.size(), [&](size_t i) {
    const AcademyPlan& academy = *academies[i];
    recognition::v1::GrantRecognitionRequest request;
    request.set_request_id("renewal-grant-" + academy.kbo);
    request.set_kbo(academy.kbo);
    request.set_application_id(pending_application_.at(academy.kbo));
    request.set_kind(recognition::v1::RECOGNITION_KIND_FULL);
    request.set_reason("Verlenging na een goed eerste jaar: volledige erkenning voor drie jaar.");
    request.set_expected_version(academy_version_.at(academy.kbo));
    return Invoke(client_, Officer(), "GrantRecognition (full)", academy.kbo, client_.recognition(),
                  &RecognitionService::Stub::GrantRecognition, request, &grants[i]);
  });
  if (!granted.ok()) return granted;
  Say(absl::StrCat("officer grants ", academies.size(), " full recognitions (3 years, until ",
                   grants.empty() ? "-" : grants.front().valid_until(), ")"));
  return absl::OkStatus();
}

}  // namespace stem::demo
