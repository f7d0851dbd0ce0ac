// Applications through the public API: what a lead submits, every reason an application is
// refused for (each refusal writing nothing), and idempotent submission.
#include <gtest/gtest.h>

#include <functional>

#include "contexts/partnership/partnership_state.h"
#include "libs/common/error.h"
#include "services/partnership/testing/partnership_scenario.h"

namespace stem::partnership {
namespace {

using testing::ApplicationRequest;
using testing::CallRequest;
using testing::kAcademy;
using testing::kCity;
using testing::kCompany;
using testing::kOther;
using testing::PartnershipScenario;

const std::string kAcademyToken = std::string("academy-") + kAcademy;

class PartnershipApplicationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(scenario_.OpenCall(CallRequest("open", "2019", 50000000)).ok());
  }

  PartnershipScenario scenario_;
};

TEST_F(PartnershipApplicationsTest, ALeadAppliesWithItsPartners) {
  v1::SubmitPartnershipApplicationRequest request = ApplicationRequest("a1", "2019");
  request.set_lead_kbo("BE0123456749");
  // Given in any order and written in any form, partners are kept by KBO number.
  request.mutable_partners(0)->set_kbo("0207.500.123");
  std::swap(*request.mutable_partners(0), *request.mutable_partners(2));
  request.add_region_nis_codes("11002");
  auto submitted = scenario_.Submit(kAcademyToken, request);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->partnership_id(), PartnershipIdFor(kAcademy, "a1"));
  EXPECT_EQ(submitted->partnership_id().size(), 20u);
  EXPECT_EQ(submitted->version(), 1);

  auto partnership = scenario_.GetPartnership(submitted->partnership_id());
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  const v1::PartnershipApplicationSubmitted& application = partnership->application();
  EXPECT_EQ(application.lead_kbo(), kAcademy);
  EXPECT_EQ(application.call_id(), "2019");
  ASSERT_EQ(application.partners_size(), 3);
  EXPECT_EQ(application.partners(0).kbo(), kOther);
  EXPECT_EQ(application.partners(1).kbo(), kCity);
  EXPECT_EQ(application.partners(1).role(), v1::HELIX_ROLE_LOCAL_GOVERNMENT);
  EXPECT_EQ(application.partners(2).kbo(), kCompany);
  EXPECT_EQ(std::vector<std::string>(application.region_nis_codes().begin(),
                                     application.region_nis_codes().end()),
            (std::vector<std::string>{"11002", "11007"}));
  EXPECT_EQ(application.requested_cents(), 20000000);
  EXPECT_EQ(application.submitted_on(), "2019-01-07");
  EXPECT_EQ(partnership->status(), v1::APPLICATION_STATUS_PENDING);
  EXPECT_FALSE(partnership->has_decision());
  EXPECT_EQ(partnership->obligations_size(), 0);
  EXPECT_EQ(partnership->tranches_size(), 0);
  EXPECT_EQ(partnership->version(), 1);
  EXPECT_EQ(partnership->call_version(), 1);
}

TEST_F(PartnershipApplicationsTest, InvalidApplicationsAreRefusedWithReasonsAndWriteNothing) {
  struct Case {
    std::string reason;
    absl::StatusCode code;
    std::function<void(v1::SubmitPartnershipApplicationRequest&)> spoil;
  };
  using Code = absl::StatusCode;
  const Code invalid = Code::kInvalidArgument;
  auto role = [](int index, int helix_role) {
    return [=](v1::SubmitPartnershipApplicationRequest& r) {
      r.mutable_partners(index)->set_role(static_cast<v1::HelixRole>(helix_role));
    };
  };
  const std::vector<Case> cases = {
      {"KBO_INVALID", invalid, [](auto& r) { r.set_lead_kbo("0123456748"); }},
      {"KBO_INVALID", invalid, [](auto& r) { r.mutable_partners(1)->set_kbo("0410000094"); }},
      {"PARTNERS_MISSING", invalid, [](auto& r) { r.clear_partners(); }},
      {"PARTNER_INVALID", invalid, role(0, v1::HELIX_ROLE_UNSPECIFIED)},
      {"PARTNER_INVALID", invalid, role(0, 9)},
      // The lead is not its own partner, in whichever form it is written.
      {"PARTNER_INVALID", invalid, [](auto& r) { r.mutable_partners(2)->set_kbo("0123.456.749"); }},
      // A partner is listed once, even under another role or form.
      {"PARTNER_INVALID", invalid,
       [](auto& r) {
         v1::Partner* twice = r.add_partners();
         twice->set_kbo("BE0207500123");
         twice->set_role(v1::HELIX_ROLE_YOUTH);
       }},
      // Each of the three required helix roles, replaced by a youth organisation.
      {"HELIX_INCOMPLETE", invalid, role(0, v1::HELIX_ROLE_YOUTH)},
      {"HELIX_INCOMPLETE", invalid, role(1, v1::HELIX_ROLE_YOUTH)},
      {"HELIX_INCOMPLETE", invalid, role(2, v1::HELIX_ROLE_YOUTH)},
      {"REGION_MISSING", invalid, [](auto& r) { r.clear_region_nis_codes(); }},
      // Brussels is not Flemish; Hasselt's code of 2025 is not valid in 2019.
      {"MUNICIPALITY_UNKNOWN", invalid, [](auto& r) { r.add_region_nis_codes("21004"); }},
      {"MUNICIPALITY_UNKNOWN", invalid, [](auto& r) { r.add_region_nis_codes("71072"); }},
      {"AMOUNT_INVALID", invalid, [](auto& r) { r.set_requested_cents(0); }},
      {"AMOUNT_INVALID", invalid, [](auto& r) { r.set_requested_cents(-100); }},
      {"TITLE_MISSING", invalid, [](auto& r) { r.set_title(" "); }},
      {"REQUEST_ID_MISSING", invalid, [](auto& r) { r.clear_request_id(); }},
      // Decided against the call.
      {"REQUEST_ABOVE_MAXIMUM", invalid, [](auto& r) { r.set_requested_cents(20000001); }},
      {"CALL_NOT_FOUND", Code::kNotFound, [](auto& r) { r.set_call_id("2018"); }},
      {"CALL_NOT_FOUND", Code::kNotFound, [](auto& r) { r.clear_call_id(); }},
  };
  const int64_t before = scenario_.Records();
  for (const Case& test : cases) {
    v1::SubmitPartnershipApplicationRequest request = ApplicationRequest("bad", "2019");
    test.spoil(request);
    absl::Status status = scenario_.Submit("officer", request).status();
    EXPECT_EQ(ReasonOf(status), test.reason) << request.ShortDebugString();
    EXPECT_EQ(status.code(), test.code) << test.reason;
  }
  EXPECT_EQ(scenario_.Records(), before);

  // The limits themselves are accepted: the call's maximum, a youth partner next to the
  // three required roles.
  v1::SubmitPartnershipApplicationRequest limits = ApplicationRequest("max", "2019");
  v1::Partner* youth = limits.add_partners();
  youth->set_kbo("0300000016");
  youth->set_role(v1::HELIX_ROLE_YOUTH);
  EXPECT_TRUE(scenario_.Submit("officer", limits).ok());
  EXPECT_EQ(scenario_.Records(), before + 1);
}

TEST_F(PartnershipApplicationsTest, RepeatedSubmissionsAreAnsweredOnce) {
  auto first = scenario_.Submit(kAcademyToken, ApplicationRequest("same", "2019"));
  ASSERT_TRUE(first.ok()) << first.status();
  const int64_t after_first = scenario_.Records();
  auto again = scenario_.Submit(kAcademyToken, ApplicationRequest("same", "2019"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->partnership_id(), first->partnership_id());
  EXPECT_EQ(again->version(), first->version());
  EXPECT_EQ(scenario_.Records(), after_first);

  v1::SubmitPartnershipApplicationRequest different = ApplicationRequest("same", "2019");
  different.set_requested_cents(10000000);
  EXPECT_EQ(ReasonOf(scenario_.Submit(kAcademyToken, different).status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(scenario_.Records(), after_first);

  // A lead may apply again with a new request id: another application.
  auto second = scenario_.Submit(kAcademyToken, ApplicationRequest("other", "2019"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->partnership_id(), first->partnership_id());
}

}  // namespace
}  // namespace stem::partnership
