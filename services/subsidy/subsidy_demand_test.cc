// Municipal demand (rulebook section 4) through the real gRPC API: the latest
// registration counts, it can be withdrawn until the window closes, and every refusal
// writes nothing.
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
using testing::SubsidyScenario;

constexpr char kPeriod[] = "2019-1";

class SubsidyDemandTest : public ::testing::Test {
 protected:
  SubsidyDemandTest() {
    auto opened = scenario_.OpenPeriod(SubsidyScenario::PeriodRequest(
        kPeriod, "2019-01-01", "2019-06-30", "2019-02-01T00:00:00+01:00",
        "2019-03-01T00:00:00+01:00", "2019-07-15T00:00:00+02:00", 25000000, 100000));
    EXPECT_TRUE(opened.ok()) << opened.status();
  }

  v1::RegisterDemandRequest Valid(const std::string& nis = "11002") {
    v1::RegisterDemandRequest request;
    request.set_request_id(scenario_.NextRequestId());
    request.set_period_id(kPeriod);
    request.set_municipality_nis_code(nis);
    request.mutable_ages()->set_min_age(10);
    request.mutable_ages()->set_max_age(12);
    request.add_domains(common::v1::STEM_DOMAIN_ENGINEERING);
    request.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
    request.add_domains(common::v1::STEM_DOMAIN_ENGINEERING);
    request.set_note("  robotics for the last years of primary school ");
    return request;
  }
  absl::Status Register(const std::string& token, const v1::RegisterDemandRequest& request) {
    v1::RegisterDemandResponse response;
    return rpc::FromGrpcStatus(
        scenario_.subsidy().RegisterDemand(ServiceHarness::As(token).get(), request, &response));
  }
  v1::ListDemandResponse List(bool include_withdrawn, const std::string& token = "auditor") {
    v1::ListDemandRequest request;
    request.set_period_id(kPeriod);
    request.set_include_withdrawn(include_withdrawn);
    v1::ListDemandResponse response;
    EXPECT_TRUE(
        scenario_.subsidy().ListDemand(ServiceHarness::As(token).get(), request, &response).ok());
    return response;
  }

  SubsidyScenario scenario_;
};

TEST_F(SubsidyDemandTest, TheLatestRegistrationCountsUntilItIsWithdrawn) {
  // Demand may be registered as soon as the period is opened, before its window.
  ASSERT_TRUE(Register("municipality-11002", Valid()).ok());
  v1::RegisterDemandRequest second = Valid();
  second.mutable_ages()->set_min_age(6);
  second.clear_domains();
  second.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  second.set_note("science, from the first year");
  ASSERT_TRUE(Register("municipality-11002", second).ok());
  ASSERT_TRUE(Register("officer", Valid("44021")).ok());

  v1::ListDemandResponse listed = List(false, AcademyToken(kA));
  ASSERT_EQ(listed.demand_size(), 2);
  const v1::Demand& antwerpen = listed.demand(0);
  EXPECT_EQ(antwerpen.demand_id(), "2019-1/11002");
  EXPECT_EQ(antwerpen.ages().min_age(), 6);
  ASSERT_EQ(antwerpen.domains_size(), 1);
  EXPECT_EQ(antwerpen.domains(0), common::v1::STEM_DOMAIN_SCIENCE);
  EXPECT_EQ(antwerpen.note(), "science, from the first year");
  EXPECT_EQ(antwerpen.version(), 2);
  // Domains sorted and unique, the note trimmed.
  ASSERT_EQ(listed.demand(1).domains_size(), 2);
  EXPECT_EQ(listed.demand(1).domains(0), common::v1::STEM_DOMAIN_ENGINEERING);
  EXPECT_EQ(listed.demand(1).note(), "robotics for the last years of primary school");

  scenario_.harness().AdvanceTo("2019-02-10T09:00:00Z");
  ASSERT_TRUE(scenario_.WithdrawDemand("municipality-11002", kPeriod, "11002").ok());
  EXPECT_EQ(List(false).demand_size(), 1);
  ASSERT_EQ(List(true).demand_size(), 2);
  EXPECT_EQ(List(true).demand(0).state(), v1::DEMAND_STATE_WITHDRAWN);
  EXPECT_EQ(scenario_.GetPeriod(kPeriod)->demand_registered(), 1);
  const int64_t records = scenario_.SubsidyRecords();
  absl::Status twice = scenario_.WithdrawDemand("officer", kPeriod, "11002");
  EXPECT_EQ(twice.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(twice), "DEMAND_NOT_FOUND");
  // Registered again, it stands again.
  ASSERT_TRUE(Register("municipality-11002", Valid()).ok());
  EXPECT_EQ(scenario_.GetPeriod(kPeriod)->demand_registered(), 2);
  EXPECT_EQ(scenario_.SubsidyRecords(), records + 1);
}

TEST_F(SubsidyDemandTest, RefusedDemandWritesNothing) {
  ASSERT_TRUE(Register("municipality-11002", Valid()).ok());
  const int64_t before = scenario_.SubsidyRecords();
  struct Case {
    std::string token;
    std::function<void(v1::RegisterDemandRequest&)> spoil;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"municipality-44021", [](auto&) {}, "NOT_OWN_MUNICIPALITY"},
      {AcademyToken(kA), [](auto&) {}, "ROLE_NOT_ALLOWED"},
      {"auditor", [](auto&) {}, "ROLE_NOT_ALLOWED"},
      // Brussels is not Flemish; Hasselt's 2025 code does not exist in 2019.
      {"officer", [](auto& r) { r.set_municipality_nis_code("21004"); }, "MUNICIPALITY_UNKNOWN"},
      {"officer", [](auto& r) { r.set_municipality_nis_code("71072"); }, "MUNICIPALITY_UNKNOWN"},
      {"officer", [](auto& r) { r.mutable_ages()->set_min_age(19); }, "AGE_RANGE_INVALID"},
      {"officer", [](auto& r) { r.mutable_ages()->set_min_age(13); }, "AGE_RANGE_INVALID"},
      {"officer", [](auto& r) { r.clear_domains(); }, "DOMAINS_MISSING"},
      {"officer", [](auto& r) { r.add_domains(common::v1::STEM_DOMAIN_UNSPECIFIED); },
       "DOMAIN_INVALID"},
      // Notes and reasons hold at most 4,000 characters (rulebook section 1).
      {"officer", [](auto& r) { r.set_note(std::string(4001, 'x')); }, "TEXT_INVALID"},
      {"officer", [](auto& r) { r.set_period_id("2020-1"); }, "PERIOD_NOT_FOUND"},
  };
  for (const Case& test : cases) {
    v1::RegisterDemandRequest request = Valid();
    test.spoil(request);
    absl::Status status = Register(test.token, request);
    EXPECT_EQ(ReasonOf(status), test.reason) << status;
  }
  EXPECT_EQ(ReasonOf(scenario_.WithdrawDemand("municipality-44021", kPeriod, "11002")),
            "NOT_OWN_MUNICIPALITY");
  EXPECT_EQ(ReasonOf(scenario_.WithdrawDemand("officer", kPeriod, "44021")), "DEMAND_NOT_FOUND");
  v1::WithdrawDemandRequest wordy;
  wordy.set_request_id(scenario_.NextRequestId());
  wordy.set_period_id(kPeriod);
  wordy.set_municipality_nis_code("11002");
  wordy.set_reason(std::string(4001, 'x'));
  v1::WithdrawDemandResponse ignored;
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(scenario_.subsidy().WithdrawDemand(
                ServiceHarness::As("officer").get(), wordy, &ignored))),
            "TEXT_INVALID");

  // Once the window has closed, demand neither changes nor goes.
  scenario_.harness().AdvanceTo("2019-02-28T23:00:00Z");
  absl::Status closed = Register("municipality-11002", Valid());
  EXPECT_EQ(closed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(closed), "WINDOW_CLOSED");
  EXPECT_EQ(ReasonOf(scenario_.WithdrawDemand("municipality-11002", kPeriod, "11002")),
            "WINDOW_CLOSED");
  EXPECT_EQ(scenario_.SubsidyRecords(), before);
  EXPECT_EQ(List(false).demand_size(), 1);
}

}  // namespace
}  // namespace stem::subsidy
