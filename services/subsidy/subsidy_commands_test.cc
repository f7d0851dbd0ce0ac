// The subsidy service's periods and applications through a real gRPC channel, over the
// embedded log and RocksDB: every reason code writes nothing, the window follows the
// suite's clock, an application is replaced and withdrawn.
#include <gtest/gtest.h>

#include <functional>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "services/subsidy/testing/subsidy_scenario.h"

namespace stem::subsidy {
namespace {

using service::testing::ServiceHarness;
using testing::AcademyToken;
using testing::kA;
using testing::kB;
using testing::SubsidyScenario;

constexpr char kPeriod[] = "2019-1";

// 1 January - 30 June 2019; the window is February (Brussels time), reports are due
// 15 July.
v1::OpenPeriodRequest Period2019() {
  return SubsidyScenario::PeriodRequest(kPeriod, "2019-01-01", "2019-06-30",
                                        "2019-02-01T00:00:00+01:00", "2019-03-01T00:00:00+01:00",
                                        "2019-07-15T00:00:00+02:00", 25000000, 100000);
}

class SubsidyCommandsTest : public ::testing::Test {
 protected:
  void OpenPeriod() {
    auto opened = scenario_.OpenPeriod(Period2019());
    ASSERT_TRUE(opened.ok()) << opened.status();
  }
  absl::StatusOr<v1::ListApplicationsResponse> List(const std::string& token, int page_size = 0,
                                                    const std::string& page_token = "") {
    v1::ListApplicationsRequest request;
    request.set_period_id(kPeriod);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    v1::ListApplicationsResponse response;
    absl::Status status = rpc::FromGrpcStatus(
        scenario_.subsidy().ListApplications(ServiceHarness::As(token).get(), request, &response));
    if (!status.ok()) return status;
    return response;
  }

  SubsidyScenario scenario_;
};

TEST_F(SubsidyCommandsTest, InvalidPeriodsAreRefusedWithReasonsAndWriteNothing) {
  struct Case {
    std::string reason;
    std::function<void(v1::OpenPeriodRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"PERIOD_ID_INVALID", [](auto& r) { r.set_period_id("2019/1"); }},
      {"PERIOD_ID_INVALID", [](auto& r) { r.clear_period_id(); }},
      {"TITLE_MISSING", [](auto& r) { r.set_title("   "); }},
      {"ACTIVITY_DATES_INVALID", [](auto& r) { r.set_last_day("2018-12-31"); }},
      {"ACTIVITY_DATES_INVALID", [](auto& r) { r.set_first_day("2019-13-01"); }},
      {"WINDOW_INVALID", [](auto& r) { r.set_window_closes_at("2019-01-15T00:00:00Z"); }},
      {"WINDOW_INVALID", [](auto& r) { r.set_window_opens_at("tomorrow"); }},
      // Dates and instants outside 2000-2099 (rulebook section 1).
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.set_first_day("0001-01-01"); }},
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.set_last_day("2100-06-30"); }},
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.set_window_opens_at("0001-01-01T00:00:00Z"); }},
      {"DATE_OUT_OF_RANGE", [](auto& r) { r.set_reporting_deadline("9999-12-31T23:59:59Z"); }},
      // Before the window closes; before the period's last day is over.
      {"REPORTING_DEADLINE_INVALID",
       [](auto& r) { r.set_reporting_deadline("2019-02-15T00:00:00Z"); }},
      {"REPORTING_DEADLINE_INVALID",
       [](auto& r) { r.set_reporting_deadline("2019-06-30T12:00:00Z"); }},
      {"BUDGET_INVALID", [](auto& r) { r.set_budget_cents(0); }},
      {"RULE_UNKNOWN", [](auto& r) { r.set_rule_id("LOTTERY_2021"); }},
      {"RULE_PARAMETERS_INVALID", [](auto& r) { (*r.mutable_rule_parameters())["x"] = "1"; }},
      {"RULE_PARAMETERS_INVALID", [](auto& r) { r.set_rule_id("GEMEENTE_2020"); }},
      {"MINIMUM_GRANT_INVALID", [](auto& r) { r.set_minimum_grant_cents(-1); }},
      {"MINIMUM_GRANT_INVALID", [](auto& r) { r.set_minimum_grant_cents(25000001); }},
      {"CAP_INVALID", [](auto& r) { r.set_academy_cap_cents(-5); }},
      {"CAP_INVALID", [](auto& r) { r.set_academy_cap_cents(50000); }},
      {"REQUEST_ID_MISSING", [](auto& r) { r.clear_request_id(); }},
  };
  for (const Case& test : cases) {
    v1::OpenPeriodRequest request = Period2019();
    test.spoil(request);
    absl::Status status = scenario_.OpenPeriod(request).status();
    EXPECT_EQ(ReasonOf(status), test.reason) << status;
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << test.reason;
  }
  EXPECT_EQ(scenario_.SubsidyRecords(), 0);
}

TEST_F(SubsidyCommandsTest, APeriodOpensOnceAndIdempotently) {
  auto opened = scenario_.OpenPeriod(Period2019());
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->version(), 1);
  // The same request again: the first answer, nothing written.
  auto again = scenario_.OpenPeriod(Period2019());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->version(), 1);
  // Another request for the same id.
  v1::OpenPeriodRequest other = Period2019();
  other.set_request_id("open-again");
  absl::Status exists = scenario_.OpenPeriod(other).status();
  EXPECT_EQ(exists.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(exists), "PERIOD_EXISTS");
  // The first request id for a different request.
  v1::OpenPeriodRequest reused = Period2019();
  reused.set_title("Zaainiveau 2019, eerste helft");
  EXPECT_EQ(ReasonOf(scenario_.OpenPeriod(reused).status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(scenario_.SubsidyRecords(), 1);

  auto period = scenario_.GetPeriod(kPeriod, AcademyToken(kA));
  ASSERT_TRUE(period.ok()) << period.status();
  // Instants are recorded in UTC.
  EXPECT_EQ(period->terms().window_opens_at(), "2019-01-31T23:00:00Z");
  EXPECT_EQ(period->terms().reporting_deadline(), "2019-07-14T22:00:00Z");
  EXPECT_EQ(period->terms().rule_version(), 1);
  EXPECT_EQ(period->window_state(), v1::WINDOW_STATE_NOT_YET_OPEN);
  EXPECT_FALSE(period->has_allocation());

  for (const std::string& token : {AcademyToken(kA), std::string("municipality-11002"),
                                   std::string("auditor"), std::string("operator")}) {
    v1::OpenPeriodRequest request = Period2019();
    request.set_period_id("2019-2");
    absl::Status status = scenario_.OpenPeriod(request, token).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << token;
    EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(scenario_.SubsidyRecords(), 1);
}

TEST_F(SubsidyCommandsTest, TheWindowOpensAndClosesWithTheClock) {
  scenario_.Recognise({kA});
  OpenPeriod();
  const int64_t before = scenario_.SubsidyRecords();
  absl::Status early = scenario_.Apply(AcademyToken(kA), kPeriod, kA);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(early), "WINDOW_NOT_OPEN");
  EXPECT_EQ(scenario_.SubsidyRecords(), before);

  scenario_.harness().AdvanceTo("2019-01-31T23:00:00Z");  // the instant it opens
  EXPECT_EQ(scenario_.GetPeriod(kPeriod)->window_state(), v1::WINDOW_STATE_OPEN);
  EXPECT_TRUE(scenario_.Apply(AcademyToken(kA), kPeriod, kA).ok());
  scenario_.harness().AdvanceTo("2019-02-28T22:59:59Z");  // the last second
  EXPECT_TRUE(scenario_.Apply(AcademyToken(kA), kPeriod, kA, 300000).ok());
  const int64_t applied = scenario_.SubsidyRecords();
  EXPECT_EQ(applied, before + 2);

  scenario_.harness().AdvanceTo("2019-02-28T23:00:00Z");  // closed from this instant
  EXPECT_EQ(scenario_.GetPeriod(kPeriod)->window_state(), v1::WINDOW_STATE_CLOSED);
  absl::Status late = scenario_.Apply(AcademyToken(kA), kPeriod, kA);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(late), "WINDOW_CLOSED");
  EXPECT_EQ(ReasonOf(scenario_.WithdrawApplication(AcademyToken(kA), kPeriod, kA)),
            "WINDOW_CLOSED");
  EXPECT_EQ(scenario_.SubsidyRecords(), applied);
}

TEST_F(SubsidyCommandsTest, RefusedApplicationsWriteNothing) {
  scenario_.Recognise({kA});
  OpenPeriod();
  scenario_.harness().AdvanceTo("2019-02-04T09:00:00Z");
  const int64_t before = scenario_.SubsidyRecords();
  struct Case {
    std::string token;
    std::string period;
    std::string kbo;
    std::optional<int64_t> requested;
    absl::StatusCode code;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {AcademyToken(kA), "2019-9", kA, {}, absl::StatusCode::kNotFound, "PERIOD_NOT_FOUND"},
      // B was never recognised.
      {"officer", kPeriod, kB, {}, absl::StatusCode::kFailedPrecondition, "NOT_RECOGNISED"},
      {AcademyToken(kA), kPeriod, kA, 0, absl::StatusCode::kInvalidArgument, "AMOUNT_INVALID"},
      {AcademyToken(kA), kPeriod, kA, -100, absl::StatusCode::kInvalidArgument, "AMOUNT_INVALID"},
      {AcademyToken(kB), kPeriod, kA, {}, absl::StatusCode::kPermissionDenied, "NOT_OWN_ACADEMY"},
      {"officer", kPeriod, "0123456748", {}, absl::StatusCode::kInvalidArgument, "KBO_INVALID"},
      {"municipality-11002",
       kPeriod,
       kA,
       {},
       absl::StatusCode::kPermissionDenied,
       "ROLE_NOT_ALLOWED"},
      {"auditor", kPeriod, kA, {}, absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED"},
      {"operator", kPeriod, kA, {}, absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED"},
  };
  for (const Case& test : cases) {
    absl::Status status = scenario_.Apply(test.token, test.period, test.kbo, test.requested);
    EXPECT_EQ(status.code(), test.code) << test.reason << ": " << status;
    EXPECT_EQ(ReasonOf(status), test.reason) << status;
  }
  v1::SubmitApplicationRequest no_id;
  no_id.set_period_id(kPeriod);
  no_id.set_academy_kbo(kA);
  v1::SubmitApplicationResponse ignored;
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(scenario_.subsidy().SubmitApplication(
                ServiceHarness::As(AcademyToken(kA)).get(), no_id, &ignored))),
            "REQUEST_ID_MISSING");
  // Recognised, then revoked from today: not recognised on the day it applies.
  scenario_.Revoke(kA, "2019-02-04");
  EXPECT_EQ(ReasonOf(scenario_.Apply(AcademyToken(kA), kPeriod, kA)), "NOT_RECOGNISED");
  EXPECT_EQ(scenario_.SubsidyRecords(), before);
}

TEST_F(SubsidyCommandsTest, ANewApplicationReplacesTheOldAndCanBeWithdrawn) {
  scenario_.Recognise({kA, kB});
  OpenPeriod();
  scenario_.harness().AdvanceTo("2019-02-04T09:00:00Z");
  ASSERT_TRUE(scenario_.Apply(AcademyToken(kA), kPeriod, kA, 200000).ok());
  auto listed = List(AcademyToken(kA));
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->applications_size(), 1);
  EXPECT_EQ(listed->applications(0).requested_cents(), 200000);
  EXPECT_EQ(listed->applications(0).submitted_on(), "2019-02-04");

  // An officer replaces it, without a requested amount.
  ASSERT_TRUE(scenario_.Apply("officer", kPeriod, "BE0123456749").ok());
  ASSERT_TRUE(scenario_.Apply(AcademyToken(kB), kPeriod, kB).ok());
  listed = List("auditor");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->applications_size(), 2);
  EXPECT_EQ(listed->applications(0).application_id(), std::string(kPeriod) + "/" + kA);
  EXPECT_FALSE(listed->applications(0).has_requested_cents());
  EXPECT_EQ(listed->applications(0).version(), 2);
  // Page by page, in KBO order.
  auto first_page = List("officer", 1);
  ASSERT_TRUE(first_page.ok());
  ASSERT_EQ(first_page->applications_size(), 1);
  auto second_page = List("officer", 1, first_page->next_page_token());
  ASSERT_TRUE(second_page.ok()) << second_page.status();
  ASSERT_EQ(second_page->applications_size(), 1);
  EXPECT_EQ(second_page->applications(0).academy_kbo(), kB);
  EXPECT_TRUE(second_page->next_page_token().empty());
  EXPECT_EQ(ReasonOf(List("officer", 1, "garbage").status()), "PAGE_TOKEN_INVALID");
  // An academy lists its own application only; a municipality none.
  EXPECT_EQ(List(AcademyToken(kB))->applications_size(), 1);
  EXPECT_EQ(List(AcademyToken(kB))->applications(0).academy_kbo(), kB);
  EXPECT_EQ(ReasonOf(List("municipality-11002").status()), "ROLE_NOT_ALLOWED");

  EXPECT_EQ(ReasonOf(scenario_.WithdrawApplication(AcademyToken(kB), kPeriod, kA)),
            "NOT_OWN_ACADEMY");
  ASSERT_TRUE(scenario_.WithdrawApplication(AcademyToken(kA), kPeriod, kA).ok());
  auto period = scenario_.GetPeriod(kPeriod);
  ASSERT_TRUE(period.ok());
  EXPECT_EQ(period->applications(), 1);
  EXPECT_EQ(period->applications_withdrawn(), 1);
  const int64_t records = scenario_.SubsidyRecords();
  absl::Status twice = scenario_.WithdrawApplication("officer", kPeriod, kA);
  EXPECT_EQ(twice.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(twice), "APPLICATION_NOT_FOUND");
  EXPECT_EQ(scenario_.SubsidyRecords(), records);

  // Applying again after a withdrawal stands again; an expected version guards it.
  v1::SubmitApplicationRequest request;
  request.set_request_id("stale");
  request.set_period_id(kPeriod);
  request.set_academy_kbo(kA);
  request.set_expected_version(1);
  v1::SubmitApplicationResponse response;
  absl::Status stale = rpc::FromGrpcStatus(scenario_.subsidy().SubmitApplication(
      ServiceHarness::As(AcademyToken(kA)).get(), request, &response));
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale), "VERSION_CONFLICT");
  request.set_request_id("current");
  request.set_expected_version(3);
  ASSERT_TRUE(
      rpc::FromGrpcStatus(scenario_.subsidy().SubmitApplication(
                              ServiceHarness::As(AcademyToken(kA)).get(), request, &response))
          .ok());
  EXPECT_EQ(response.version(), 4);
  EXPECT_EQ(scenario_.GetPeriod(kPeriod)->applications(), 2);
}

}  // namespace
}  // namespace stem::subsidy
