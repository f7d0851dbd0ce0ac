// Calls through the public API: opening with the rules of the call as parameters, every
// reason a call is refused for, and the queries on calls.
#include <gtest/gtest.h>

#include <functional>

#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "services/partnership/testing/partnership_scenario.h"

namespace stem::partnership {
namespace {

using service::testing::ServiceHarness;
using testing::CallRequest;
using testing::PartnershipScenario;

class PartnershipCallsTest : public ::testing::Test {
 protected:
  absl::StatusOr<v1::ListCallsResponse> List(int page_size, const std::string& page_token) {
    v1::ListCallsRequest request;
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    v1::ListCallsResponse response;
    absl::Status status = rpc::FromGrpcStatus(scenario_.partnership().ListCalls(
        ServiceHarness::As("municipality-11002").get(), request, &response));
    if (!status.ok()) return status;
    return response;
  }

  PartnershipScenario scenario_;
};

TEST_F(PartnershipCallsTest, AnOfficerOpensACallWithTheDefaultTranches) {
  ASSERT_TRUE(scenario_.OpenCall(CallRequest("c1", "2019", 50000000)).ok());
  auto call = scenario_.GetCall("2019", "auditor");
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->version(), 1);
  EXPECT_EQ(call->opened().title(), "STEM-partnerschappen 2019");
  EXPECT_EQ(call->opened().opened_on(), "2019-01-07");
  EXPECT_EQ(call->opened().max_per_project_cents(), 20000000);
  EXPECT_EQ(call->opened().duration_months(), 24);
  EXPECT_EQ(call->opened().latest_start_months(), 3);
  EXPECT_EQ(call->opened().interim_due_months(), 12);
  EXPECT_EQ(call->opened().final_due_months_after_end(), 3);
  EXPECT_EQ(call->opened().tranche_schedule().on_approval_permille(), 500);
  EXPECT_EQ(call->opened().tranche_schedule().on_interim_report_permille(), 300);
  EXPECT_EQ(call->opened().tranche_schedule().on_final_report_permille(), 200);
  EXPECT_EQ(call->approved_cents(), 0);
  EXPECT_EQ(call->remaining_cents(), 50000000);

  // The same request again is answered once; the id is not opened twice.
  const int64_t records = scenario_.Records();
  EXPECT_TRUE(scenario_.OpenCall(CallRequest("c1", "2019", 50000000)).ok());
  EXPECT_EQ(ReasonOf(scenario_.OpenCall(CallRequest("c1", "2019", 60000000))), "REQUEST_ID_REUSED");
  absl::Status again = scenario_.OpenCall(CallRequest("c2", "2019", 50000000));
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReasonOf(again), "CALL_EXISTS");
  EXPECT_EQ(scenario_.Records(), records);

  // A call may set its own schedule, as long as it adds up to the whole amount.
  v1::OpenCallRequest custom = CallRequest("c3", "2020", 50000000);
  custom.mutable_tranche_schedule()->set_on_approval_permille(400);
  custom.mutable_tranche_schedule()->set_on_interim_report_permille(400);
  custom.mutable_tranche_schedule()->set_on_final_report_permille(200);
  ASSERT_TRUE(scenario_.OpenCall(custom).ok());
  EXPECT_EQ(scenario_.GetCall("2020")->opened().tranche_schedule().on_approval_permille(), 400);
}

TEST_F(PartnershipCallsTest, InvalidCallsAreRefusedAndWriteNothing) {
  struct Case {
    std::string reason;
    std::function<void(v1::OpenCallRequest&)> spoil;
  };
  auto schedule = [](int32_t approval, int32_t interim, int32_t closing) {
    return [=](v1::OpenCallRequest& r) {
      r.mutable_tranche_schedule()->set_on_approval_permille(approval);
      r.mutable_tranche_schedule()->set_on_interim_report_permille(interim);
      r.mutable_tranche_schedule()->set_on_final_report_permille(closing);
    };
  };
  const std::vector<Case> cases = {
      {"CALL_INVALID", [](auto& r) { r.set_call_id(""); }},
      {"CALL_INVALID", [](auto& r) { r.set_call_id("2019/1"); }},
      {"CALL_INVALID", [](auto& r) { r.set_call_id("Call2019"); }},
      {"CALL_INVALID", [](auto& r) { r.set_call_id(std::string(65, 'a')); }},
      {"CALL_INVALID", [](auto& r) { r.set_title("  "); }},
      {"CALL_INVALID", [](auto& r) { r.set_budget_cents(0); }},
      {"CALL_INVALID", [](auto& r) { r.set_max_per_project_cents(0); }},
      {"CALL_INVALID", [](auto& r) { r.set_max_per_project_cents(50000001); }},
      {"CALL_INVALID", [](auto& r) { r.set_duration_months(0); }},
      {"CALL_INVALID", [](auto& r) { r.set_duration_months(121); }},
      {"CALL_INVALID", [](auto& r) { r.set_latest_start_months(-1); }},
      {"CALL_INVALID", [](auto& r) { r.set_latest_start_months(25); }},
      {"CALL_INVALID", [](auto& r) { r.set_interim_due_months(0); }},
      {"CALL_INVALID", [](auto& r) { r.set_interim_due_months(25); }},
      {"CALL_INVALID", [](auto& r) { r.set_final_due_months_after_end(-1); }},
      {"CALL_INVALID", [](auto& r) { r.set_final_due_months_after_end(25); }},
      // Schedules that do not add up to the whole amount, or have a negative share.
      {"CALL_INVALID", schedule(500, 300, 300)},
      {"CALL_INVALID", schedule(500, 300, 100)},
      {"CALL_INVALID", schedule(0, 0, 0)},
      {"CALL_INVALID", schedule(1100, 0, -100)},
      {"REQUEST_ID_MISSING", [](auto& r) { r.clear_request_id(); }},
  };
  for (const Case& test : cases) {
    v1::OpenCallRequest request = CallRequest("bad", "2019", 50000000);
    test.spoil(request);
    absl::Status status = scenario_.OpenCall(request);
    EXPECT_EQ(ReasonOf(status), test.reason) << request.ShortDebugString();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << request.ShortDebugString();
  }
  EXPECT_EQ(scenario_.Records(), 0);

  // The limits themselves are accepted: one project may take the whole budget, the
  // interim report may be due at the end, a schedule may release everything at once.
  v1::OpenCallRequest limits = CallRequest("limits", "2019-bis_1", 20000000);
  limits.set_interim_due_months(24);
  limits.set_latest_start_months(0);
  limits.set_final_due_months_after_end(0);
  schedule(1000, 0, 0)(limits);
  EXPECT_TRUE(scenario_.OpenCall(limits).ok());
  EXPECT_EQ(scenario_.Records(), 1);
}

TEST_F(PartnershipCallsTest, CallsAreListedByIdPageByPage) {
  for (const char* id : {"2021", "2019", "2020"}) {
    ASSERT_TRUE(scenario_.OpenCall(CallRequest(std::string("open-") + id, id, 50000000)).ok());
  }
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    auto page = List(2, token);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::Call& call : page->calls()) {
      seen.push_back(call.opened().call_id());
      EXPECT_EQ(call.remaining_cents(), 50000000);
    }
    token = page->next_page_token();
    ++pages;
  } while (!token.empty() && pages < 5);
  EXPECT_EQ(seen, (std::vector<std::string>{"2019", "2020", "2021"}));
  EXPECT_EQ(pages, 2);

  EXPECT_EQ(ReasonOf(List(0, "garbage").status()), "PAGE_TOKEN_INVALID");
  EXPECT_EQ(ReasonOf(List(501, "").status()), "PAGE_SIZE_INVALID");
  absl::Status missing = scenario_.GetCall("2018").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing), "CALL_NOT_FOUND");
}

}  // namespace
}  // namespace stem::partnership
