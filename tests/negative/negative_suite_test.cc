// The negative suite: every command RPC of the suite, sent what a hostile or careless client
// sends - text with terminal escapes or far too long, lists past their limits, bytes that
// are no request, dates outside 2000-2099, unknown enum values, negative and overflowing
// numbers, other tenants' ids, no or a guessed identity - to a running stem-allinone over
// gRPC. Each must be refused with its code and reason (rulebook section 1), write nothing
// (every projection stays where it was), and leave the process serving.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "libs/common/error.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/rpc/status.h"
#include "libs/rpc/testing/raw_call.h"
#include "libs/rpc/testing/test_tokens.h"
#include "stem/activity/v1/activity_service.grpc.pb.h"
#include "stem/partnership/v1/partnership_service.grpc.pb.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "stem/subsidy/v1/subsidy_service.grpc.pb.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"
#include "tests/negative/command_catalog.h"
#include "tests/negative/request_mutations.h"

namespace stem::negative {
namespace {

using integration::CallAs;
using integration::ServiceProcess;

constexpr char kAcademy[] = "0123456749";
constexpr char kOtherAcademy[] = "0200000043";
constexpr absl::Duration kPatience = absl::Seconds(60);
constexpr absl::Duration kCall = absl::Seconds(20);
constexpr const char* kProjections[] = {"recognition", "activity", "partnership", "subsidy",
                                        "tranches"};

// One bad request and the refusal it must get.
struct Attempt {
  std::string what;
  std::string method;
  std::string bytes;
  std::string token;
  absl::StatusCode code;
  std::string reason;  // empty: no reason is expected (gRPC's own refusals)
};

std::string TokenFile() {
  using rpc::testing::TestToken;
  std::string text = integration::TokenFileText({kAcademy, kOtherAcademy});
  for (const char* nis : {"11002", "44021"}) {
    text += TestToken(std::string("municipality-") + nis) + " MUNICIPALITY " + nis + "\n";
  }
  return text;
}

class NegativeSuiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    integration::WriteFile(dir_.Sub("tokens"), TokenFile());
    process_ = std::make_unique<ServiceProcess>(integration::ServiceProcessOptions{
        STEM_ALLINONE_BIN,
        {"--data_dir=" + dir_.Sub("data"), "--token_file=" + dir_.Sub("tokens"),
         "--clock_start=2019-01-07T09:00:00Z", "--partitions=3"},
        "stem.audit.v1.AuditService",
        dir_.Sub("allinone.log")});
    absl::Status started = process_->StartServing(absl::Now() + kPatience);
    ASSERT_TRUE(started.ok()) << started << "\n" << process_->LogTail();
    channel_ = process_->Channel();
    ASSERT_TRUE(integration::RecogniseAcademy(channel_, kAcademy).ok());
    ASSERT_TRUE(integration::RecogniseAcademy(channel_, kOtherAcademy).ok());
    world_ = {kAcademy, kOtherAcademy, "", "", "2019", "2019-1"};
    SetUpSubsidyPeriod();
    SetUpActivity();
    SetUpPartnership();
  }

  void SetUpSubsidyPeriod() {
    subsidy::v1::OpenPeriodRequest period;
    period.set_request_id("setup-period");
    period.set_period_id(world_.period_id);
    period.set_title("Zaainiveau 2019-1");
    period.set_first_day("2019-01-01");
    period.set_last_day("2019-06-30");
    period.set_window_opens_at("2019-01-01T00:00:00+01:00");
    period.set_window_closes_at("2019-04-01T00:00:00+02:00");
    period.set_reporting_deadline("2019-07-15T00:00:00+02:00");
    period.set_budget_cents(25000000);
    period.set_rule_id("KINDUREN_2019");
    subsidy::v1::OpenPeriodResponse opened;
    ASSERT_TRUE(subsidy::v1::SubsidyService::NewStub(channel_)
                    ->OpenPeriod(CallAs("officer", kCall).get(), period, &opened)
                    .ok());
  }

  void SetUpActivity() {
    activity::v1::RegisterActivityRequest activity;
    activity.set_request_id("setup-activity");
    activity.set_academy_kbo(kAcademy);
    activity.set_title("Robots bouwen");
    activity.add_domains(common::v1::STEM_DOMAIN_ENGINEERING);
    activity.set_municipality_nis_code("11002");
    activity.mutable_ages()->set_min_age(8);
    activity.mutable_ages()->set_max_age(12);
    activity::v1::SessionSpec* session = activity.add_sessions();
    session->set_date("2019-03-12");
    session->set_start_time("15:00");
    session->set_end_time("17:00");
    activity::v1::RegisterActivityResponse registered;
    grpc::Status status = activity::v1::ActivityService::NewStub(channel_)->RegisterActivity(
        CallAs("academy-" + std::string(kAcademy), kCall).get(), activity, &registered);
    ASSERT_TRUE(status.ok()) << status.error_message();
    world_.activity_id = registered.activity_id();
  }

  void SetUpPartnership() {
    auto stub = partnership::v1::PartnershipService::NewStub(channel_);
    partnership::v1::OpenCallRequest call;
    call.set_request_id("setup-call");
    call.set_call_id(world_.call_id);
    call.set_title("STEM-partnerschappen 2019");
    call.set_budget_cents(50000000);
    call.set_max_per_project_cents(20000000);
    call.set_duration_months(24);
    call.set_latest_start_months(3);
    call.set_interim_due_months(12);
    call.set_final_due_months_after_end(3);
    partnership::v1::OpenCallResponse opened;
    ASSERT_TRUE(stub->OpenCall(CallAs("officer", kCall).get(), call, &opened).ok());
    partnership::v1::SubmitPartnershipApplicationRequest application;
    application.set_request_id("setup-partnership");
    application.set_call_id(world_.call_id);
    application.set_lead_kbo(kAcademy);
    for (const auto& [kbo, role] :
         {std::pair{"0207500123", partnership::v1::HELIX_ROLE_LOCAL_GOVERNMENT},
          std::pair{"0410000093", partnership::v1::HELIX_ROLE_COMPANY},
          std::pair{kOtherAcademy, partnership::v1::HELIX_ROLE_EDUCATION}}) {
      partnership::v1::Partner* partner = application.add_partners();
      partner->set_kbo(kbo);
      partner->set_role(role);
    }
    application.add_region_nis_codes("11002");
    application.set_requested_cents(15000000);
    application.set_title("Samen STEM in Antwerpen");
    partnership::v1::SubmitPartnershipApplicationResponse submitted;
    grpc::Status status = stub->SubmitPartnershipApplication(
        CallAs("academy-" + std::string(kAcademy), kCall).get(), application, &submitted);
    ASSERT_TRUE(status.ok()) << status.error_message();
    world_.partnership_id = submitted.partnership_id();
  }

  // Where every projection stands: a refused command must leave it all where it was.
  std::string Positions() {
    std::string text;
    for (const char* name : kProjections) {
      auto state = integration::ProjectionStateOf(channel_, name);
      EXPECT_TRUE(state.ok()) << state.status();
      if (state.ok()) {
        text += std::string(name) + " " + integration::Describe(integration::PositionsOf(*state)) +
                " " + state->error() + "\n";
      }
    }
    return text;
  }

  // Waits until every projection has read what the setup wrote. Nothing writes after the
  // setup, so the furthest position any projection reports in a partition is that
  // partition's end; a projection that reads a topic (it reports one of its partitions)
  // must stand there in every partition of it. Comparing before that would take a
  // projection still catching up for a refused command's write.
  std::string SettledPositions() {
    const absl::Time deadline = absl::Now() + kPatience;
    for (;;) {
      std::map<std::string, eventlog::Positions> by_name;
      eventlog::Positions furthest;
      for (const char* name : kProjections) {
        auto state = integration::ProjectionStateOf(channel_, name);
        if (!state.ok()) continue;
        by_name[name] = integration::PositionsOf(*state);
        for (const auto& [partition, offset] : by_name[name]) {
          furthest[partition] = std::max(furthest[partition], offset);
        }
      }
      const bool settled =
          by_name.size() == std::size(kProjections) &&
          std::all_of(by_name.begin(), by_name.end(), [&](const auto& entry) {
            const eventlog::Positions& positions = entry.second;
            return std::all_of(furthest.begin(), furthest.end(), [&](const auto& end) {
              const bool reads_topic = std::any_of(
                  positions.begin(), positions.end(),
                  [&](const auto& position) { return position.first.topic == end.first.topic; });
              auto at = positions.find(end.first);
              return !reads_topic || (at != positions.end() && at->second == end.second);
            });
          });
      if (settled || absl::Now() > deadline) return Positions();
      absl::SleepFor(absl::Milliseconds(50));
    }
  }

  std::vector<Attempt> AttemptsOn(const CommandUnderTest& command) {
    using Code = absl::StatusCode;
    std::vector<Attempt> attempts;
    const auto add = [&](const std::vector<BadRequest>& bad, Code code, const std::string& reason,
                         const std::string& token) {
      for (const BadRequest& request : bad) {
        attempts.push_back({request.what, command.method, request.bytes, token, code,
                            request.date_field ? "DATE_INVALID" : reason});
      }
    };
    const google::protobuf::Message& good = *command.good;
    add(WithEachStringSetTo(good, "evil\x1b[2J\x1b]0;owned\x07", "with terminal escapes"),
        Code::kInvalidArgument, "TEXT_INVALID", command.token);
    add(WithEachStringSetTo(good, "left\xe2\x80\xaeright", "with a bidirectional override"),
        Code::kInvalidArgument, "TEXT_INVALID", command.token);
    add(WithEachStringSetTo(good, std::string(5000, 'x'), "5,000 characters long"),
        Code::kInvalidArgument, "TEXT_INVALID", command.token);
    add(WithEachListTooLong(good, DeclaredMaxItems), Code::kInvalidArgument, "TOO_MANY",
        command.token);
    add(UndecodableBytes(good, static_cast<uint32_t>(attempts.size())), Code::kInvalidArgument,
        "MALFORMED_REQUEST", command.token);
    add({{"without an identity", good.SerializeAsString()}}, Code::kUnauthenticated,
        "IDENTITY_MISSING", "");
    add({{"with a guessed token", good.SerializeAsString()}}, Code::kUnauthenticated,
        "IDENTITY_UNKNOWN", "guessed-token-0123456789");
    for (const SpecificCase& specific : command.cases) {
      std::unique_ptr<google::protobuf::Message> spoiled(good.New());
      spoiled->CopyFrom(good);
      specific.spoil(*spoiled);
      attempts.push_back({specific.what, command.method, spoiled->SerializeAsString(),
                          specific.token.empty() ? command.token : specific.token, specific.code,
                          specific.reason});
    }
    return attempts;
  }

  stem::testing::TempDir dir_;
  std::unique_ptr<ServiceProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  World world_;
};

TEST_F(NegativeSuiteTest, EveryBadCommandIsRefusedWithItsReasonAndWritesNothing) {
  const std::string before = SettledPositions();
  int attempts = 0;
  int commands = 0;
  for (const CommandUnderTest& command : CommandCatalog(world_)) {
    ++commands;
    for (const Attempt& attempt : AttemptsOn(command)) {
      ++attempts;
      const absl::Status refused = rpc::FromGrpcStatus(rpc::testing::RawUnaryCall(
          channel_, attempt.method, attempt.bytes,
          (attempt.token.empty() ? std::make_unique<grpc::ClientContext>()
                                 : CallAs(attempt.token, kCall))
              .get()));
      const std::string label = attempt.method + ", " + attempt.what;
      EXPECT_EQ(refused.code(), attempt.code) << label << ": " << refused;
      if (!attempt.reason.empty()) {
        EXPECT_EQ(ReasonOf(refused), attempt.reason) << label;
      }
      // A message quotes at most 64 characters of what the caller sent, and nothing a
      // terminal would obey.
      EXPECT_LT(refused.message().size(), 600u) << label;
      EXPECT_EQ(std::string(refused.message()).find('\x1b'), std::string::npos) << label;
      auto health = integration::HealthOf(channel_, "");
      ASSERT_TRUE(health.ok() && *health == "SERVING") << label << ": " << health.status() << "\n"
                                                       << process_->LogTail();
    }
    EXPECT_EQ(Positions(), before) << "a refused " << command.method << " wrote something";
  }
  std::cout << "negative suite: " << attempts << " bad requests to " << commands
            << " command RPCs, each refused with its reason; nothing written" << std::endl;
  RecordProperty("attempts", attempts);
  EXPECT_GE(commands, 25);
}

// The item of `service`'s ImportCommands that carries a request of `request_type`, if the
// service imports that command.
const google::protobuf::FieldDescriptor* ImportFieldFor(
    const std::string& method, const google::protobuf::Descriptor* request_type) {
  const std::string service = method.substr(1, method.rfind('/') - 1);
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  const auto* import =
      descriptor != nullptr ? descriptor->FindMethodByName("ImportCommands") : nullptr;
  if (import == nullptr) return nullptr;
  for (int i = 0; i < import->input_type()->field_count(); ++i) {
    const auto* field = import->input_type()->field(i);
    if (field->message_type() == request_type) return field;
  }
  return nullptr;
}

// The item of an import that carries `request` (the serialized request of `field`'s type).
std::string ImportItem(const google::protobuf::FieldDescriptor& field, const std::string& request) {
  std::unique_ptr<google::protobuf::Message> item(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(field.containing_type())
          ->New());
  EXPECT_TRUE(item->GetReflection()->MutableMessage(item.get(), &field)->ParseFromString(request));
  return item->SerializeAsString();
}

// One import's answers, item by item, or the refusal of the whole stream.
struct Imported {
  std::vector<absl::Status> answers;
  absl::Status stream;
};

template <typename Service, typename Item, typename Answer>
Imported ImportAs(const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
                  const std::vector<std::string>& items) {
  auto stub = Service::NewStub(channel);
  auto context = CallAs(token, kCall);
  auto stream = stub->ImportCommands(context.get());
  for (const std::string& bytes : items) {
    Item item;
    EXPECT_TRUE(item.ParseFromString(bytes));
    if (!stream->Write(item)) break;
  }
  stream->WritesDone();
  Imported imported;
  Answer answer;
  while (stream->Read(&answer)) imported.answers.push_back(rpc::FromRpcStatus(answer.status()));
  imported.stream = rpc::FromGrpcStatus(stream->Finish());
  return imported;
}

// The same bad commands as items of bulk imports: each item is refused with the code and
// reason its own RPC gives (or, for a caller whose role may not import, the whole stream),
// nothing is written, and the stream goes on to the next item. The identity is the
// stream's, and bytes that are no request break the stream, not an item: those variants
// are the unary test's.
TEST_F(NegativeSuiteTest, EveryBadImportedCommandIsRefusedAsItsOwnRpcRefusesIt) {
  const std::string before = SettledPositions();
  int items = 0;
  for (const CommandUnderTest& command : CommandCatalog(world_)) {
    const auto* field = ImportFieldFor(command.method, command.good->GetDescriptor());
    if (field == nullptr) continue;
    std::map<std::string, std::vector<Attempt>> by_token;
    for (const Attempt& attempt : AttemptsOn(command)) {
      if (attempt.code == absl::StatusCode::kUnauthenticated ||
          attempt.reason == "MALFORMED_REQUEST") {
        continue;
      }
      by_token[attempt.token].push_back(attempt);
    }
    for (const auto& [token, attempts] : by_token) {
      std::vector<std::string> wrapped;
      for (const Attempt& attempt : attempts) wrapped.push_back(ImportItem(*field, attempt.bytes));
      const bool activity = command.method.rfind("/stem.activity.", 0) == 0;
      const Imported imported =
          activity ? ImportAs<activity::v1::ActivityService, activity::v1::ImportCommandsRequest,
                              activity::v1::ImportCommandsResponse>(channel_, token, wrapped)
                   : ImportAs<recognition::v1::RecognitionService,
                              recognition::v1::ImportCommandsRequest,
                              recognition::v1::ImportCommandsResponse>(channel_, token, wrapped);
      if (!imported.stream.ok()) {
        ASSERT_TRUE(imported.answers.empty()) << imported.stream;
      } else {
        ASSERT_EQ(imported.answers.size(), attempts.size());
      }
      for (size_t i = 0; i < attempts.size(); ++i) {
        ++items;
        const absl::Status& refused = imported.stream.ok() ? imported.answers[i] : imported.stream;
        const std::string label = "imported " + command.method + ", " + attempts[i].what;
        EXPECT_EQ(refused.code(), attempts[i].code) << label << ": " << refused;
        if (!attempts[i].reason.empty()) {
          EXPECT_EQ(ReasonOf(refused), attempts[i].reason) << label;
        }
      }
    }
    EXPECT_EQ(Positions(), before)
        << "a refused import of " << command.method << " wrote something";
  }
  std::cout << "negative suite: " << items << " bad imported commands, each refused with its "
            << "reason; nothing written" << std::endl;
  EXPECT_GE(items, 50);
}

// gRPC's own limit comes first for a request of megabytes: refused, and the process serves.
TEST_F(NegativeSuiteTest, ARequestOfMegabytesIsRefusedByTheTransport) {
  recognition::v1::RevokeRecognitionRequest huge;
  huge.set_request_id("huge");
  huge.set_kbo(kAcademy);
  huge.set_effective_from("2019-06-01");
  huge.set_reason(std::string(5 << 20, 'x'));
  const absl::Status refused = rpc::FromGrpcStatus(rpc::testing::RawUnaryCall(
      channel_, "/stem.recognition.v1.RecognitionService/RevokeRecognition",
      huge.SerializeAsString(), CallAs("officer", kCall).get()));
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
  auto health = integration::HealthOf(channel_, "");
  ASSERT_TRUE(health.ok() && *health == "SERVING") << health.status();
}

// No client floods the server's log: what callers cause (undecodable requests, guessed
// tokens) is logged rate-limited, whatever the rate they send at.
TEST_F(NegativeSuiteTest, AFloodOfBadRequestsLeavesAFewLogLines) {
  recognition::v1::SubmitApplicationRequest request;
  request.set_request_id("flood");
  request.set_kbo(kAcademy);
  request.set_name("STEM-academie");
  const std::string not_utf8 = WithInvalidUtf8(request);
  ASSERT_FALSE(not_utf8.empty());
  const auto lines = [&] {
    const std::string tail = process_->LogTail(100000);
    return std::count(tail.begin(), tail.end(), '\n');
  };
  const auto before = lines();
  const absl::Time started = absl::Now();
  constexpr int kFlood = 1000;
  for (int i = 0; i < kFlood; ++i) {
    const std::string token = i % 2 == 0 ? "" : "guessed-token-" + std::to_string(i);
    const absl::Status refused = rpc::FromGrpcStatus(rpc::testing::RawUnaryCall(
        channel_, "/stem.recognition.v1.RecognitionService/SubmitApplication",
        i % 4 < 2 ? not_utf8 : request.SerializeAsString(),
        (token.empty() ? std::make_unique<grpc::ClientContext>() : CallAs(token, kCall)).get()));
    EXPECT_FALSE(refused.ok());
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - started);
  // Three rate-limited logs (undecodable requests, protobuf's complaints, refused
  // identities), each a burst of 10 and then one line a second, and the access log's lines
  // of callers' faults (libs/rpc/access_log.h): a burst of 20, then 5 a second.
  const auto allowed = static_cast<long>(3 * (10 + seconds + 1) + (20 + 5 * seconds + 1));
  EXPECT_LE(lines() - before, allowed) << kFlood << " bad requests in " << seconds << " s";
  auto health = integration::HealthOf(channel_, "");
  ASSERT_TRUE(health.ok() && *health == "SERVING") << health.status();
}

}  // namespace
}  // namespace stem::negative
