// The recognition service through a real gRPC channel, over the embedded log and RocksDB:
// every reason code, the role matrix, idempotency and the register queries.
#include "services/recognition/recognition_service.h"

#include <gtest/gtest.h>

#include "contexts/recognition/academy_projector.h"
#include "contexts/recognition/testing/recognition_facts.h"
#include "libs/common/error.h"
#include "libs/common/shared_data.h"
#include "libs/domain/municipalities.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/raw_call.h"
#include "libs/service/testing/service_harness.h"

namespace stem::recognition {
namespace {

using service::testing::ServiceHarness;

constexpr char kAcademy[] = "0123456749";
constexpr char kOther[] = "0200000043";

const domain::MunicipalityRegistry& Municipalities() {
  static const auto* registry =
      domain::MunicipalityRegistry::Load(DefaultSharedDataDir())->release();
  return *registry;
}

v1::SubmitApplicationRequest ValidApplication(const std::string& request_id,
                                              const std::string& kbo = kAcademy) {
  v1::SubmitApplicationRequest request;
  request.set_request_id(request_id);
  request.set_kbo(kbo);
  request.set_name("STEM-academie Antwerpen");
  request.set_contact_email("info@stem-antwerpen.be");
  request.add_domains(common::v1::STEM_DOMAIN_SCIENCE);
  request.add_domains(common::v1::STEM_DOMAIN_DIGITAL);
  request.mutable_ages()->set_min_age(8);
  request.mutable_ages()->set_max_age(14);
  request.add_municipality_nis_codes("11002");
  request.add_municipality_nis_codes("11007");
  request.mutable_attestations()->set_outside_school_hours(true);
  request.mutable_attestations()->set_open_to_every_child(true);
  request.mutable_attestations()->set_offered_as_trajectories(true);
  return request;
}

class RecognitionServiceTest : public ::testing::Test {
 protected:
  static service::testing::HarnessOptions Options() {
    service::testing::HarnessOptions options;
    options.clock_start = "2019-01-07T09:00:00Z";
    options.academies = {kAcademy, kOther};
    options.municipalities = {"11002"};
    return options;
  }

  RecognitionServiceTest() : harness_(Options()) {
    harness_.StartReplica(projector_, [this](service::ServiceRuntime& runtime,
                                             const rpc::Authenticator& authenticator) {
      return std::make_unique<RecognitionServiceImpl>(runtime, authenticator, Municipalities(),
                                                      harness_.topics().recognition);
    });
    stub_ = v1::RecognitionService::NewStub(harness_.Channel());
  }

  absl::Status Submit(const std::string& token, const v1::SubmitApplicationRequest& request,
                      v1::SubmitApplicationResponse* response = nullptr) {
    v1::SubmitApplicationResponse ignored;
    return rpc::FromGrpcStatus(stub_->SubmitApplication(ServiceHarness::As(token).get(), request,
                                                        response ? response : &ignored));
  }

  absl::Status Grant(const std::string& application_id, v1::RecognitionKind kind,
                     const std::string& request_id,
                     v1::GrantRecognitionResponse* response = nullptr,
                     const std::string& token = "officer", const std::string& kbo = kAcademy) {
    v1::GrantRecognitionRequest request;
    request.set_request_id(request_id);
    request.set_kbo(kbo);
    request.set_application_id(application_id);
    request.set_kind(kind);
    request.set_reason("meets every criterion");
    v1::GrantRecognitionResponse ignored;
    return rpc::FromGrpcStatus(stub_->GrantRecognition(ServiceHarness::As(token).get(), request,
                                                       response ? response : &ignored));
  }

  v1::GetRecognitionStatusResponse StatusOn(const std::string& date,
                                            const std::string& kbo = kAcademy) {
    v1::GetRecognitionStatusRequest request;
    request.set_kbo(kbo);
    request.set_date(date);
    v1::GetRecognitionStatusResponse response;
    EXPECT_TRUE(
        stub_->GetRecognitionStatus(ServiceHarness::As("auditor").get(), request, &response).ok());
    return response;
  }

  // Submits and provisionally grants kAcademy's first application.
  void RecogniseAcademy() {
    v1::SubmitApplicationResponse submitted;
    ASSERT_TRUE(
        Submit("academy-" + std::string(kAcademy), ValidApplication("s1"), &submitted).ok());
    ASSERT_TRUE(Grant(submitted.application_id(), v1::RECOGNITION_KIND_PROVISIONAL, "g1").ok());
  }

  // An officer revokes kAcademy's recognition from `effective_from`.
  absl::Status RevokeFrom(const std::string& effective_from) {
    v1::RevokeRecognitionRequest revoke;
    revoke.set_request_id("revoke-" + effective_from);
    revoke.set_kbo(kAcademy);
    revoke.set_effective_from(effective_from);
    revoke.set_reason("activities stopped");
    v1::RevokeRecognitionResponse revoked;
    return rpc::FromGrpcStatus(
        stub_->RevokeRecognition(ServiceHarness::As("officer").get(), revoke, &revoked));
  }

  int64_t Records() { return harness_.RecordCount(harness_.topics().recognition); }

  ServiceHarness harness_;
  AcademyProjector projector_{harness_.topics().recognition};
  std::unique_ptr<v1::RecognitionService::Stub> stub_;
};

TEST_F(RecognitionServiceTest, AcademySubmitsAndOfficerGrantsProvisionally) {
  v1::SubmitApplicationResponse submitted;
  // The BE form is accepted and stored as 10 digits.
  ASSERT_TRUE(
      Submit("academy-0123456749", ValidApplication("s1", "BE0123456749"), &submitted).ok());
  EXPECT_EQ(submitted.application_id(), "0123456749-1");
  EXPECT_EQ(submitted.version(), 1);

  v1::GrantRecognitionResponse granted;
  ASSERT_TRUE(Grant("0123456749-1", v1::RECOGNITION_KIND_PROVISIONAL, "g1", &granted).ok());
  EXPECT_EQ(granted.valid_from(), "2019-01-07");
  EXPECT_EQ(granted.valid_until(), "2020-01-06");
  EXPECT_EQ(granted.version(), 2);

  EXPECT_FALSE(StatusOn("2019-01-06").recognised());
  EXPECT_EQ(StatusOn("2019-01-06").not_recognised_because(), "NOT_YET_VALID");
  EXPECT_TRUE(StatusOn("2019-01-07").recognised());
  EXPECT_TRUE(StatusOn("2020-01-06").recognised());
  EXPECT_EQ(StatusOn("2020-01-07").not_recognised_because(), "EXPIRED");

  v1::GetAcademyRequest get;
  get.set_kbo("0123.456.749");
  v1::GetAcademyResponse academy;
  ASSERT_TRUE(
      stub_->GetAcademy(ServiceHarness::As("academy-0123456749").get(), get, &academy).ok());
  EXPECT_EQ(academy.academy().version(), 2);
  ASSERT_EQ(academy.academy().history_size(), 2);
  EXPECT_EQ(academy.academy().history(0).actor(), "ACADEMY:0123456749");
  EXPECT_EQ(academy.academy().history(1).actor(), "OFFICER:officer@vlaio.be");
  EXPECT_EQ(academy.academy().applications(0).state(), v1::APPLICATION_STATE_GRANTED);
}

TEST_F(RecognitionServiceTest, InvalidApplicationsAreRefusedWithReasonsAndWriteNothing) {
  struct Case {
    std::string reason;
    std::function<void(v1::SubmitApplicationRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"KBO_INVALID", [](auto& r) { r.set_kbo("0123456748"); }},
      {"KBO_INVALID", [](auto& r) { r.set_kbo("0123 456 749"); }},
      {"NAME_MISSING", [](auto& r) { r.set_name("  "); }},
      {"EMAIL_INVALID", [](auto& r) { r.set_contact_email("info-at-stem.be"); }},
      {"DOMAINS_MISSING", [](auto& r) { r.clear_domains(); }},
      {"DOMAIN_INVALID", [](auto& r) { r.add_domains(common::v1::STEM_DOMAIN_UNSPECIFIED); }},
      {"AGE_RANGE_INVALID",
       [](auto& r) {
         r.mutable_ages()->set_min_age(19);
         r.mutable_ages()->set_max_age(25);
       }},
      {"AGE_RANGE_INVALID",
       [](auto& r) {
         r.mutable_ages()->set_min_age(12);
         r.mutable_ages()->set_max_age(6);
       }},
      {"AGE_RANGE_INVALID",
       [](auto& r) {
         r.mutable_ages()->set_min_age(0);
         r.mutable_ages()->set_max_age(4);
       }},
      {"MUNICIPALITIES_MISSING", [](auto& r) { r.clear_municipality_nis_codes(); }},
      // Brussels is not Flemish; Pajottegem exists only from 2025.
      {"MUNICIPALITY_UNKNOWN", [](auto& r) { r.add_municipality_nis_codes("21004"); }},
      {"MUNICIPALITY_UNKNOWN", [](auto& r) { r.add_municipality_nis_codes("23106"); }},
      {"ATTESTATION_MISSING",
       [](auto& r) { r.mutable_attestations()->set_open_to_every_child(false); }},
      {"REQUEST_ID_MISSING", [](auto& r) { r.clear_request_id(); }},
  };
  for (const Case& test : cases) {
    v1::SubmitApplicationRequest request = ValidApplication("bad-" + test.reason);
    test.spoil(request);
    absl::Status status = Submit("officer", request);
    EXPECT_EQ(ReasonOf(status), test.reason) << status;
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << test.reason;
  }
  EXPECT_EQ(Records(), 0);
}

// A request that cannot be decoded is the caller's fault (rulebook section 1), said as such.
TEST_F(RecognitionServiceTest, UndecodableRequestsAreRefusedMalformed) {
  std::string invalid_utf8 = ValidApplication("bad-utf8").SerializeAsString();
  const std::string name = "STEM-academie Antwerpen";
  invalid_utf8.replace(invalid_utf8.find(name), 2, "\xff\xfe");
  const std::string whole = ValidApplication("whole").SerializeAsString();
  for (const std::string& bytes :
       {std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11),
        whole.substr(0, whole.size() / 2), invalid_utf8, std::string("\x0a\xff\xff\xff\x0f", 5)}) {
    for (const char* token : {"officer", ""}) {
      grpc::Status status = rpc::testing::RawUnaryCall(
          harness_.Channel(), "/stem.recognition.v1.RecognitionService/SubmitApplication", bytes,
          ServiceHarness::As(token).get());
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(status)), "MALFORMED_REQUEST");
    }
  }
  EXPECT_EQ(Records(), 0);
}

TEST_F(RecognitionServiceTest, RolesAndIdentities) {
  // An academy acts only for itself.
  absl::Status other = Submit("academy-0200000043", ValidApplication("s1", kAcademy));
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(other), "NOT_OWN_ACADEMY");
  // Municipalities, auditors and operators do not apply.
  for (const char* token : {"municipality-11002", "auditor", "operator"}) {
    absl::Status status = Submit(token, ValidApplication("s1"));
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << token;
    EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED") << token;
  }
  EXPECT_EQ(ReasonOf(Submit("", ValidApplication("s1"))), "IDENTITY_MISSING");
  EXPECT_EQ(ReasonOf(Submit("forged", ValidApplication("s1"))), "IDENTITY_UNKNOWN");
  EXPECT_EQ(Records(), 0);

  // An officer submits for an academy; only an officer decides.
  v1::SubmitApplicationResponse submitted;
  ASSERT_TRUE(Submit("officer", ValidApplication("s1"), &submitted).ok());
  absl::Status self_grant = Grant(submitted.application_id(), v1::RECOGNITION_KIND_PROVISIONAL,
                                  "g1", nullptr, "academy-0123456749");
  EXPECT_EQ(ReasonOf(self_grant), "ROLE_NOT_ALLOWED");

  // Reading a file: the academy itself, officers and auditors.
  v1::GetAcademyRequest get;
  get.set_kbo(kAcademy);
  v1::GetAcademyResponse response;
  EXPECT_TRUE(stub_->GetAcademy(ServiceHarness::As("auditor").get(), get, &response).ok());
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->GetAcademy(ServiceHarness::As("academy-0200000043").get(), get, &response))),
            "NOT_OWN_ACADEMY");
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->GetAcademy(ServiceHarness::As("municipality-11002").get(), get, &response))),
            "ROLE_NOT_ALLOWED");
  get.set_kbo(kOther);
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->GetAcademy(ServiceHarness::As("officer").get(), get, &response))),
            "ACADEMY_NOT_FOUND");
}

TEST_F(RecognitionServiceTest, OfficerDecisionsAreChecked) {
  v1::SubmitApplicationResponse submitted;
  ASSERT_TRUE(Submit("officer", ValidApplication("s1"), &submitted).ok());
  const int64_t before = Records();

  EXPECT_EQ(ReasonOf(Submit("officer", ValidApplication("s2"))), "APPLICATION_PENDING");
  EXPECT_EQ(Submit("officer", ValidApplication("s2")).code(), absl::StatusCode::kAlreadyExists);
  absl::Status full = Grant(submitted.application_id(), v1::RECOGNITION_KIND_FULL, "g1");
  EXPECT_EQ(full.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(full), "NEVER_RECOGNISED");
  EXPECT_EQ(ReasonOf(Grant(submitted.application_id(), v1::RECOGNITION_KIND_UNSPECIFIED, "g2")),
            "KIND_MISSING");
  EXPECT_EQ(ReasonOf(Grant("0123456749-9", v1::RECOGNITION_KIND_PROVISIONAL, "g3")),
            "APPLICATION_NOT_FOUND");
  EXPECT_EQ(ReasonOf(Grant("0200000043-1", v1::RECOGNITION_KIND_PROVISIONAL, "g4", nullptr,
                           "officer", kOther)),
            "ACADEMY_NOT_FOUND");

  v1::GrantRecognitionRequest no_reason;
  no_reason.set_request_id("g5");
  no_reason.set_kbo(kAcademy);
  no_reason.set_application_id(submitted.application_id());
  no_reason.set_kind(v1::RECOGNITION_KIND_PROVISIONAL);
  v1::GrantRecognitionResponse granted;
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->GrantRecognition(ServiceHarness::As("officer").get(), no_reason, &granted))),
            "REASON_MISSING");

  v1::RejectApplicationRequest reject;
  reject.set_request_id("r1");
  reject.set_kbo(kAcademy);
  reject.set_application_id(submitted.application_id());
  reject.set_reason("incomplete");
  v1::RejectApplicationResponse rejected;
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->RejectApplication(ServiceHarness::As("officer").get(), reject, &rejected))),
            "REASON_CODES_MISSING");

  v1::RevokeRecognitionRequest revoke;
  revoke.set_request_id("v1");
  revoke.set_kbo(kAcademy);
  revoke.set_effective_from("2019-02-30");
  revoke.set_reason("fraud");
  v1::RevokeRecognitionResponse revoked;
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->RevokeRecognition(ServiceHarness::As("officer").get(), revoke, &revoked))),
            "DATE_INVALID");
  // Years 0-202 once passed as unpadded text and stopped every reader (rulebook section 1).
  for (const char* out_of_range : {"0000-01-01", "0202-12-31", "1999-12-31", "2100-01-01"}) {
    revoke.set_effective_from(out_of_range);
    EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                  stub_->RevokeRecognition(ServiceHarness::As("officer").get(), revoke, &revoked))),
              "DATE_OUT_OF_RANGE")
        << out_of_range;
  }
  revoke.set_effective_from("2019-03-01");
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(
                stub_->RevokeRecognition(ServiceHarness::As("officer").get(), revoke, &revoked))),
            "NOTHING_TO_REVOKE");
  EXPECT_EQ(Records(), before);

  reject.add_reason_codes(v1::REJECTION_REASON_INCOMPLETE);
  ASSERT_TRUE(
      stub_->RejectApplication(ServiceHarness::As("officer").get(), reject, &rejected).ok());
  EXPECT_EQ(ReasonOf(Grant(submitted.application_id(), v1::RECOGNITION_KIND_PROVISIONAL, "g6")),
            "APPLICATION_ALREADY_DECIDED");
}

TEST_F(RecognitionServiceTest, RepeatedRequestsAreAnsweredOnce) {
  v1::SubmitApplicationResponse first, again;
  ASSERT_TRUE(Submit("officer", ValidApplication("same"), &first).ok());
  const int64_t after_first = Records();
  ASSERT_TRUE(Submit("officer", ValidApplication("same"), &again).ok());
  EXPECT_EQ(again.application_id(), first.application_id());
  EXPECT_EQ(again.version(), first.version());
  EXPECT_EQ(Records(), after_first);

  v1::SubmitApplicationRequest different = ValidApplication("same");
  different.set_name("Another name");
  EXPECT_EQ(ReasonOf(Submit("officer", different)), "REQUEST_ID_REUSED");
  EXPECT_EQ(Records(), after_first);
}

// A batch of applications VLAIO received elsewhere, imported on one stream: each answered as
// SubmitApplication would answer it, in order.
TEST_F(RecognitionServiceTest, AnImportedBatchIsAnsweredItemByItemInOrder) {
  auto submit = [](const v1::SubmitApplicationRequest& request) {
    v1::ImportCommandsRequest item;
    *item.mutable_submit_application() = request;
    return item;
  };
  const std::vector<v1::ImportCommandsRequest> items = {
      submit(ValidApplication("b1")),
      submit(ValidApplication("b2")),  // the first one is still pending
      submit(ValidApplication("b3", kOther)), submit(ValidApplication("b4", "0123456748")),
      submit(ValidApplication("b1"))};  // repeated
  auto context = ServiceHarness::As("officer");
  auto stream = stub_->ImportCommands(context.get());
  for (const auto& item : items) ASSERT_TRUE(stream->Write(item));
  stream->WritesDone();
  std::vector<v1::ImportCommandsResponse> answers;
  v1::ImportCommandsResponse answer;
  while (stream->Read(&answer)) answers.push_back(answer);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(answers.size(), items.size());
  auto reason = [&](size_t i) { return ReasonOf(rpc::FromRpcStatus(answers[i].status())); };
  EXPECT_EQ(answers[0].status().code(), 0);
  EXPECT_EQ(answers[0].submit_application().application_id(), std::string(kAcademy) + "-1");
  EXPECT_EQ(reason(1), "APPLICATION_PENDING");
  EXPECT_EQ(answers[2].submit_application().application_id(), std::string(kOther) + "-1");
  EXPECT_EQ(reason(3), "KBO_INVALID");
  EXPECT_EQ(answers[4].submit_application().application_id(), std::string(kAcademy) + "-1");
  EXPECT_EQ(Records(), 2);

  // An academy imports only its own applications.
  auto academy = ServiceHarness::As(std::string("academy-") + kAcademy);
  auto own = stub_->ImportCommands(academy.get());
  ASSERT_TRUE(own->Write(submit(ValidApplication("c1", kOther))));
  own->WritesDone();
  ASSERT_TRUE(own->Read(&answer));
  EXPECT_EQ(ReasonOf(rpc::FromRpcStatus(answer.status())), "NOT_OWN_ACADEMY");
  EXPECT_TRUE(own->Finish().ok());
  EXPECT_EQ(Records(), 2);
}

TEST_F(RecognitionServiceTest, ExpectedVersionGuardsAgainstStaleDecisions) {
  v1::SubmitApplicationResponse submitted;
  ASSERT_TRUE(Submit("officer", ValidApplication("s1"), &submitted).ok());
  v1::GrantRecognitionRequest grant;
  grant.set_request_id("g1");
  grant.set_kbo(kAcademy);
  grant.set_application_id(submitted.application_id());
  grant.set_kind(v1::RECOGNITION_KIND_PROVISIONAL);
  grant.set_reason("ok");
  grant.set_expected_version(0);
  v1::GrantRecognitionResponse response;
  absl::Status stale = rpc::FromGrpcStatus(
      stub_->GrantRecognition(ServiceHarness::As("officer").get(), grant, &response));
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale), "VERSION_CONFLICT");
  grant.set_expected_version(1);
  EXPECT_TRUE(stub_->GrantRecognition(ServiceHarness::As("officer").get(), grant, &response).ok());
}

TEST_F(RecognitionServiceTest, RevocationCountsFromItsEffectiveDate) {
  RecogniseAcademy();
  harness_.AdvanceTo("2019-05-02T10:00:00Z");
  ASSERT_TRUE(RevokeFrom("2019-06-01").ok());
  EXPECT_TRUE(StatusOn("2019-05-31").recognised());
  EXPECT_EQ(StatusOn("2019-06-01").not_recognised_because(), "REVOKED");
}

// The facts other contexts' tests append instead of running this service
// (contexts/recognition/testing/recognition_facts.h) are the facts this service writes.
TEST_F(RecognitionServiceTest, WritesTheFactsOtherContextsTestsAppend) {
  v1::SubmitApplicationRequest request = testing::ApplicationRequest(kAcademy);
  request.set_request_id("s1");
  v1::SubmitApplicationResponse submitted;
  ASSERT_TRUE(Submit("academy-" + std::string(kAcademy), request, &submitted).ok());
  ASSERT_TRUE(Grant(submitted.application_id(), v1::RECOGNITION_KIND_PROVISIONAL, "g1").ok());
  harness_.AdvanceTo("2019-05-02T10:00:00Z");
  ASSERT_TRUE(RevokeFrom("2019-06-01").ok());

  const std::vector<events::v1::EventEnvelope> facts =
      harness_.Facts(harness_.topics().recognition);
  ASSERT_EQ(facts.size(), 3u);
  v1::ApplicationSubmitted written_application;
  v1::RecognitionGranted written_grant;
  v1::RecognitionRevoked written_revocation;
  ASSERT_TRUE(facts[0].payload().UnpackTo(&written_application));
  ASSERT_TRUE(facts[1].payload().UnpackTo(&written_grant));
  ASSERT_TRUE(facts[2].payload().UnpackTo(&written_revocation));
  EXPECT_EQ(
      written_application.SerializeAsString(),
      testing::SubmittedApplication(kAcademy, 1, absl::CivilDay(2019, 1, 7)).SerializeAsString())
      << written_application.DebugString();
  EXPECT_EQ(
      written_grant.SerializeAsString(),
      testing::ProvisionalGrant("0123456749-1", absl::CivilDay(2019, 1, 7)).SerializeAsString())
      << written_grant.DebugString();
  EXPECT_EQ(written_revocation.SerializeAsString(),
            testing::Revocation("2019-06-01", absl::CivilDay(2019, 5, 2)).SerializeAsString())
      << written_revocation.DebugString();
}

TEST_F(RecognitionServiceTest, FullRecognitionRenewsForThreeYears) {
  RecogniseAcademy();
  harness_.AdvanceTo("2019-12-02T10:00:00Z");
  v1::SubmitApplicationResponse renewal;
  ASSERT_TRUE(Submit("academy-0123456749", ValidApplication("s2"), &renewal).ok());
  v1::GrantRecognitionResponse granted;
  ASSERT_TRUE(Grant(renewal.application_id(), v1::RECOGNITION_KIND_FULL, "g2", &granted).ok());
  EXPECT_EQ(granted.valid_from(), "2019-12-02");
  EXPECT_EQ(granted.valid_until(), "2022-12-01");
  EXPECT_TRUE(StatusOn("2022-12-01").recognised());
}

TEST_F(RecognitionServiceTest, RegisterAndExpiringListsArePaginated) {
  RecogniseAcademy();
  v1::SubmitApplicationResponse other;
  ASSERT_TRUE(Submit("academy-0200000043", ValidApplication("o1", kOther), &other).ok());
  ASSERT_TRUE(Grant(other.application_id(), v1::RECOGNITION_KIND_PROVISIONAL, "o2", nullptr,
                    "officer", kOther)
                  .ok());

  v1::ListRecognisedAcademiesRequest list;
  list.set_date("2019-03-01");
  list.set_page_size(1);
  std::vector<std::string> seen;
  for (int page = 0; page < 3; ++page) {
    v1::ListRecognisedAcademiesResponse response;
    ASSERT_TRUE(stub_
                    ->ListRecognisedAcademies(ServiceHarness::As("municipality-11002").get(), list,
                                              &response)
                    .ok());
    for (const auto& entry : response.academies()) seen.push_back(entry.kbo());
    if (response.next_page_token().empty()) break;
    list.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{kAcademy, kOther}));

  list.set_page_token("garbage");
  v1::ListRecognisedAcademiesResponse response;
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(stub_->ListRecognisedAcademies(
                ServiceHarness::As("officer").get(), list, &response))),
            "PAGE_TOKEN_INVALID");
  list.set_page_token("");
  list.set_page_size(1000);
  EXPECT_EQ(ReasonOf(rpc::FromGrpcStatus(stub_->ListRecognisedAcademies(
                ServiceHarness::As("officer").get(), list, &response))),
            "PAGE_SIZE_INVALID");

  v1::ListExpiringRecognitionsRequest expiring;
  expiring.set_date("2019-12-10");
  expiring.set_within_days(30);
  v1::ListExpiringRecognitionsResponse soon;
  ASSERT_TRUE(
      stub_->ListExpiringRecognitions(ServiceHarness::As("officer").get(), expiring, &soon).ok());
  ASSERT_EQ(soon.academies_size(), 2);
  EXPECT_EQ(soon.academies(0).valid_until(), "2020-01-06");
  expiring.set_within_days(10);
  ASSERT_TRUE(
      stub_->ListExpiringRecognitions(ServiceHarness::As("officer").get(), expiring, &soon).ok());
  EXPECT_EQ(soon.academies_size(), 0);
}

}  // namespace
}  // namespace stem::recognition
