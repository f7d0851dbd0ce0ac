// The audit of rulebook section 9 over a real history (recognition, activities, attendance,
// an allocation; then a retroactive revocation) on the embedded log: a clean history
// passes; in a copy of the log with one fact altered, removed or reordered, the audit fails
// and names the fact; `explain` reproduces a decision's amount; as-of queries give the
// answer of the past.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "contexts/suite/suite_fact_rules.h"
#include "google/protobuf/util/time_util.h"
#include "libs/clock/clock.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/events/timestamps.h"
#include "libs/rpc/server.h"
#include "libs/rpc/status.h"
#include "libs/service/command_guard.h"
#include "services/audit/audit_service.h"
#include "services/audit/explain.h"
#include "services/audit/fixed_authenticator.h"
#include "services/audit/live_projections.h"
#include "services/audit/log_reading.h"
#include "services/audit/replay_audit.h"
#include "services/subsidy/testing/subsidy_scenario.h"

namespace stem::audit {
namespace {

using subsidy::testing::kA;
using subsidy::testing::kB;
using subsidy::testing::kC;
using subsidy::testing::SubsidyScenario;

constexpr char kPeriod[] = "2019-1";
const absl::Duration kPatience = absl::Seconds(60);

// A copy of a log, partition by partition, after `edit` changed the records of each.
using Edit = std::function<void(std::vector<eventlog::Record>&)>;

class AuditReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.Recognise({kA, kB, kC});
    scenario_.PublishCalendar("2018-2019");
    ASSERT_TRUE(scenario_
                    .OpenPeriod(SubsidyScenario::PeriodRequest(
                        kPeriod, "2019-01-01", "2019-06-30", "2019-01-01T00:00:00+01:00",
                        "2019-04-01T00:00:00+02:00", "2019-07-15T00:00:00+02:00", 500000, 100000))
                    .ok());
    activity_a_ = scenario_.RegisterActivity(
        kA, "11002", {{"2019-03-02", "10:00", "12:00"}, {"2019-03-09", "10:00", "12:00"}});
    const std::string b =
        scenario_.RegisterActivity(kB, "44021", {{"2019-03-12", "15:00", "17:00"}});
    for (const char* kbo : {kA, kB}) {
      ASSERT_TRUE(scenario_.Apply(subsidy::testing::AcademyToken(kbo), kPeriod, kbo).ok());
    }
    scenario_.harness().AdvanceTo("2019-03-20T12:00:00Z");
    scenario_.Attend(kA, activity_a_, "s1", {{10, 10}});
    scenario_.Attend(kA, activity_a_, "s2", {{10, 12}});
    scenario_.Attend(kB, b, "s1", {{8, 10}, {12, 5}});
    scenario_.harness().AdvanceTo("2019-07-15T08:00:00Z");
    auto allocated = scenario_.Allocate(kPeriod);
    ASSERT_TRUE(allocated.ok()) << allocated.status();
    auto decision = scenario_.Decision(kPeriod, kB);
    ASSERT_TRUE(decision.ok()) << decision.status();
    amount_b_ = decision->amount_cents();
    // Later, B's recognition is revoked from 1 March: the live state changes, the recorded
    // decision must still be reproduced from the inputs it recorded.
    scenario_.harness().AdvanceTo("2019-08-01T08:00:00Z");
    scenario_.Revoke(kB, "2019-03-01");
    scenario_.CatchUp();
    for (int replica : {0, 1}) {
      ASSERT_TRUE(scenario_.harness()
                      .runtime(replica)
                      .projection()
                      .WaitForAllTopics(absl::Now() + kPatience)
                      .ok());
    }
  }

  InProcessProjections Live() {
    return InProcessProjections({{"recognition", &scenario_.harness().runtime(0)},
                                 {"activity", &scenario_.harness().runtime(1)},
                                 {"subsidy", &scenario_.runtime()}});
  }

  v1::AuditReport Audit(eventlog::EventLog& log, const std::vector<LiveProjection>& live) {
    ReplayAuditContext context{
        log,
        scenario_.topics(),
        upcasters_,
        suite::SuiteFactRules(),
        scenario_.dir().Sub("scratch-" + std::to_string(++audits_)),
        absl::Now() + kPatience,
        [&](const v1::AuditProgress& progress) { stages_[progress.stage()] = progress.done(); }};
    auto report = RunReplayAudit(context, live);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : v1::AuditReport();
  }

  // The log copied with `edit` applied to each partition's records.
  std::unique_ptr<eventlog::EventLog> TamperedCopy(const Edit& edit) {
    const service::Topics& topics = scenario_.topics();
    const std::vector<std::string> names = {topics.recognition, topics.activity, topics.partnership,
                                            topics.subsidy};
    auto contents = ReadTopics(scenario_.harness().log(), names, absl::Now() + kPatience);
    EXPECT_TRUE(contents.ok()) << contents.status();
    auto copy = eventlog::OpenEmbeddedEventLog(
        {scenario_.dir().Sub("tampered-" + std::to_string(++copies_)), false});
    EXPECT_TRUE(copy.ok()) << copy.status();
    std::vector<eventlog::TopicSpec> specs;
    for (const std::string& name : names) specs.push_back({name, 3, 1, {}});
    EXPECT_TRUE((*copy)->EnsureTopics(specs).ok());
    std::map<eventlog::TopicPartition, std::vector<eventlog::Record>> partitions;
    for (const eventlog::Record& record : contents->records) {
      partitions[record.topic_partition].push_back(record);
    }
    for (auto& [partition, records] : partitions) {
      edit(records);
      for (const eventlog::Record& record : records) {
        auto appended =
            (*copy)->Append({{partition.topic, record.key, record.value}}, absl::Now() + kPatience);
        EXPECT_TRUE(appended.ok()) << appended.status();
        EXPECT_EQ((*appended)[0].topic_partition, partition) << "keys keep their partition";
      }
    }
    return std::move(*copy);
  }

  // The event id of the first fact whose type ends with `type` (and whose aggregate is
  // `aggregate_id`, when given), and of the fact after it in the same aggregate.
  std::pair<std::string, std::string> FindFact(const std::string& type,
                                               const std::string& aggregate_id = "") {
    auto contents = ReadTopics(scenario_.harness().log(),
                               {scenario_.topics().activity, scenario_.topics().subsidy},
                               absl::Now() + kPatience);
    EXPECT_TRUE(contents.ok());
    std::string found, aggregate, next;
    for (const eventlog::Record& record : contents->records) {
      events::v1::EventEnvelope event;
      EXPECT_TRUE(event.ParseFromString(record.value));
      if (!found.empty() && next.empty() && event.aggregate_id() == aggregate) {
        next = event.event_id();
      }
      if (found.empty() && absl::EndsWith(event.event_type(), type) &&
          (aggregate_id.empty() || event.aggregate_id() == aggregate_id)) {
        found = event.event_id();
        aggregate = event.aggregate_id();
      }
    }
    EXPECT_FALSE(found.empty()) << "no " << type;
    return {found, next};
  }

  static Edit Alter(const std::string& event_id,
                    const std::function<void(events::v1::EventEnvelope&)>& change) {
    return [=](std::vector<eventlog::Record>& records) {
      for (eventlog::Record& record : records) {
        events::v1::EventEnvelope event;
        if (!event.ParseFromString(record.value) || event.event_id() != event_id) continue;
        change(event);
        record.value = event.SerializeAsString();
      }
    };
  }

  static const v1::Divergence* FirstOfKind(const v1::AuditReport& report, v1::DivergenceKind kind) {
    for (const v1::Divergence& divergence : report.divergences()) {
      if (divergence.kind() == kind) return &divergence;
    }
    return nullptr;
  }

  static std::string Describe(const v1::AuditReport& report) {
    std::string text;
    for (const v1::Divergence& divergence : report.divergences()) {
      text += v1::DivergenceKind_Name(divergence.kind()) + ": " + divergence.description() + "\n";
    }
    return text;
  }

  SubsidyScenario scenario_;
  events::UpcasterRegistry upcasters_;
  std::string activity_a_;
  int64_t amount_b_ = 0;
  int audits_ = 0;
  int copies_ = 0;
  std::map<std::string, int64_t> stages_;
};

TEST_F(AuditReplayTest, ACleanHistoryPasses) {
  InProcessProjections live = Live();
  auto projections = live.Take();
  ASSERT_TRUE(projections.ok());
  const v1::AuditReport report = Audit(scenario_.harness().log(), *projections);
  EXPECT_TRUE(report.passed()) << Describe(report);
  EXPECT_GT(report.facts_read(), 10);
  ASSERT_EQ(report.projections_size(), 3);
  for (const v1::ProjectionCheck& check : report.projections()) {
    EXPECT_TRUE(check.equal()) << check.name();
    EXPECT_FALSE(check.live_checksum().empty());
  }
  int allocations = 0;
  int recognitions = 0;
  for (const v1::DecisionCheck& check : report.decisions()) {
    EXPECT_TRUE(check.reproduced()) << check.decision() << ": " << check.detail();
    allocations += check.decision() == "ALLOCATION 2019-1";
    recognitions += absl::StartsWith(check.decision(), "RECOGNITION ");
  }
  EXPECT_EQ(allocations, 1);
  EXPECT_EQ(recognitions, 3);  // A, B and C
  EXPECT_EQ(stages_["read"], report.facts_read());
  EXPECT_EQ(stages_["allocations"], 1);
}

TEST_F(AuditReplayTest, AnAlteredDecisionIsNamedAndNotReproduced) {
  const std::string decided = FindFact("SubsidyDecided").first;
  auto tampered = TamperedCopy(Alter(decided, [](events::v1::EventEnvelope& event) {
    subsidy::v1::SubsidyDecided payload;
    ASSERT_TRUE(event.payload().UnpackTo(&payload));
    payload.set_amount_cents(payload.amount_cents() + 100000);
    event.mutable_payload()->PackFrom(payload);
  }));
  const v1::AuditReport report = Audit(*tampered, {});
  EXPECT_FALSE(report.passed());
  const v1::Divergence* broken = FirstOfKind(report, v1::DIVERGENCE_KIND_HASH_CHAIN_BROKEN);
  ASSERT_NE(broken, nullptr) << Describe(report);
  EXPECT_EQ(broken->facts(0).event_id(), decided) << broken->description();
  const v1::Divergence* differs = FirstOfKind(report, v1::DIVERGENCE_KIND_DECISION_DIFFERS);
  ASSERT_NE(differs, nullptr) << Describe(report);
  EXPECT_EQ(differs->facts(0).event_id(), decided) << differs->description();
}

TEST_F(AuditReplayTest, ARemovedAttendanceReportIsAGapAndChangesTheDecision) {
  // (Named, not bound: clang-14 lambdas cannot capture structured bindings.)
  const std::pair<std::string, std::string> found = FindFact("AttendanceReported", activity_a_);
  const std::string& attended = found.first;
  const std::string& next = found.second;
  ASSERT_FALSE(next.empty());
  auto tampered = TamperedCopy([&](std::vector<eventlog::Record>& records) {
    std::erase_if(records, [&](const eventlog::Record& record) {
      events::v1::EventEnvelope event;
      return event.ParseFromString(record.value) && event.event_id() == attended;
    });
  });
  const v1::AuditReport report = Audit(*tampered, {});
  EXPECT_FALSE(report.passed());
  const v1::Divergence* gap = FirstOfKind(report, v1::DIVERGENCE_KIND_VERSION_GAP);
  ASSERT_NE(gap, nullptr) << Describe(report);
  EXPECT_EQ(gap->facts(0).event_id(), next) << gap->description();
  // The allocation read the removed report: what it read is no longer in the log.
  EXPECT_NE(FirstOfKind(report, v1::DIVERGENCE_KIND_DECISION_DIFFERS), nullptr) << Describe(report);
  std::cout << Describe(report);
}

TEST_F(AuditReplayTest, ReorderedFactsAreNamed) {
  // (Named, not bound: clang-14 lambdas cannot capture structured bindings.)
  const std::pair<std::string, std::string> found = FindFact("AttendanceReported", activity_a_);
  const std::string& attended = found.first;
  const std::string& next = found.second;
  ASSERT_FALSE(next.empty());
  auto tampered = TamperedCopy([&](std::vector<eventlog::Record>& records) {
    auto is = [](const std::string& id) {
      return [id](const eventlog::Record& record) {
        events::v1::EventEnvelope event;
        return event.ParseFromString(record.value) && event.event_id() == id;
      };
    };
    auto first = std::find_if(records.begin(), records.end(), is(attended));
    auto second = std::find_if(records.begin(), records.end(), is(next));
    if (first != records.end() && second != records.end()) std::iter_swap(first, second);
  });
  const v1::AuditReport report = Audit(*tampered, {});
  EXPECT_FALSE(report.passed());
  const v1::Divergence* reordered = FirstOfKind(report, v1::DIVERGENCE_KIND_OUT_OF_ORDER);
  ASSERT_NE(reordered, nullptr) << Describe(report);
  EXPECT_EQ(reordered->facts(0).event_id(), attended) << reordered->description();
  std::cout << Describe(report);
}

TEST_F(AuditReplayTest, AnAlteredLastFactIsNamedByTheLiveStore) {
  // The summary is the period's last fact: no successor links to it.
  const std::string summary = FindFact("PeriodAllocated").first;
  auto tampered = TamperedCopy(Alter(summary, [](events::v1::EventEnvelope& event) {
    subsidy::v1::PeriodAllocated payload;
    ASSERT_TRUE(event.payload().UnpackTo(&payload));
    payload.set_unspent_cents(payload.unspent_cents() - 1000);
    event.mutable_payload()->PackFrom(payload);
  }));
  InProcessProjections live = Live();
  auto projections = live.Take();
  ASSERT_TRUE(projections.ok());
  const v1::AuditReport report = Audit(*tampered, *projections);
  EXPECT_FALSE(report.passed());
  const v1::Divergence* differs = FirstOfKind(report, v1::DIVERGENCE_KIND_AGGREGATE_DIFFERS);
  ASSERT_NE(differs, nullptr) << Describe(report);
  EXPECT_EQ(differs->facts(0).event_id(), summary) << differs->description();
  EXPECT_NE(FirstOfKind(report, v1::DIVERGENCE_KIND_PROJECTION_DIFFERS), nullptr);
}

TEST_F(AuditReplayTest, ExplainReproducesTheRecordedAmount) {
  v1::ExplainDecisionRequest request;
  request.set_period_id(kPeriod);
  request.set_academy_kbo(kB);
  auto explained = ExplainDecision(scenario_.harness().log(), scenario_.topics(), upcasters_,
                                   suite::SuiteFactRules(), request, scenario_.dir().Sub("explain"),
                                   absl::Now() + kPatience);
  ASSERT_TRUE(explained.ok()) << explained.status();
  EXPECT_EQ(explained->recorded().amount_cents(), amount_b_);
  EXPECT_EQ(explained->recomputed_amount_cents(), amount_b_);
  EXPECT_TRUE(explained->reproduced());
  std::set<std::string> types;
  for (const v1::FactReference& input : explained->inputs()) types.insert(input.event_type());
  EXPECT_TRUE(types.contains("stem.subsidy.v1.PeriodOpened"));
  EXPECT_TRUE(types.contains("stem.activity.v1.AttendanceReported"));
  // The revocation came after the decision: not an input.
  EXPECT_FALSE(types.contains("stem.recognition.v1.RecognitionRevoked"));
  EXPECT_GT(explained->computation_size(), 4);

  request.set_academy_kbo("0444444496");
  EXPECT_EQ(ExplainDecision(scenario_.harness().log(), scenario_.topics(), upcasters_,
                            suite::SuiteFactRules(), request, scenario_.dir().Sub("explain-2"),
                            absl::Now() + kPatience)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(AuditReplayTest, AsOfQueriesGiveThePastAnswer) {
  InProcessProjections live = Live();
  FixedAuthenticator auditor({identity::v1::ACTOR_ROLE_AUDITOR, "auditor"});
  AuditServiceImpl service({scenario_.harness().log(), scenario_.topics(), upcasters_,
                            suite::SuiteFactRules(), auditor, activity::testing::Municipalities(),
                            live, scenario_.dir().Sub("as-of")});
  auto status_as_of = [&](const std::string& instant) {
    v1::GetRecognitionStatusAsOfRequest request;
    absl::Time as_of;
    std::string error;
    EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, instant, &as_of, &error)) << error;
    *request.mutable_as_of() =
        google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(as_of));
    request.mutable_query()->set_kbo(kB);
    request.mutable_query()->set_date("2019-03-12");
    grpc::ServerContext context;
    v1::GetRecognitionStatusAsOfResponse response;
    grpc::Status status = service.GetRecognitionStatusAsOf(&context, &request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  // Before the revocation was recorded, B was recognised on 12 March; after, it is not.
  const auto before = status_as_of("2019-07-20T00:00:00Z");
  EXPECT_TRUE(before.answer().recognised());
  const auto after = status_as_of("2019-08-02T00:00:00Z");
  EXPECT_FALSE(after.answer().recognised());
  EXPECT_GT(after.facts_known(), before.facts_known());
  // Before B's application was even submitted, it was never recognised.
  const auto earliest = status_as_of("2019-01-01T00:00:00Z");
  EXPECT_FALSE(earliest.answer().recognised());
  EXPECT_EQ(earliest.facts_known(), 0);

  v1::GetRecognitionStatusAsOfRequest missing;
  grpc::ServerContext context;
  v1::GetRecognitionStatusAsOfResponse response;
  EXPECT_EQ(service.GetRecognitionStatusAsOf(&context, &missing, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// A fact in the log that its rules refuse - a revocation from year 0, as an older version
// once accepted, or a forger wrote - never stops a projection: each live projection sets it
// aside and applies the facts after it, and the audit fails naming it (rulebook section 9).
TEST_F(AuditReplayTest, AFactSetAsideFailsTheAuditNamingIt) {
  auto academy =
      service::LoadAggregateRecord(scenario_.harness().runtime(0).state(), "academy", kC);
  ASSERT_TRUE(academy.ok()) << academy.status();
  recognition::v1::RecognitionRevoked revoked;
  revoked.set_effective_from("0000-01-01");
  revoked.set_reason("typo");
  revoked.set_decided_on("2019-08-01");
  events::v1::EventEnvelope forged;
  forged.set_event_id("forged-revocation");
  forged.set_aggregate_type("academy");
  forged.set_aggregate_id(kC);
  forged.set_aggregate_version(academy->version() + 1);
  forged.set_event_type(recognition::v1::RecognitionRevoked::descriptor()->full_name());
  forged.set_schema_version(1);
  forged.set_previous_hash(academy->last_hash());
  forged.mutable_payload()->PackFrom(revoked);
  ASSERT_TRUE(scenario_.harness()
                  .log()
                  .Append({{scenario_.topics().recognition, kC, forged.SerializeAsString()}},
                          absl::Now() + kPatience)
                  .ok());
  // The facts after it are applied: C's next command takes the version after the forgery.
  scenario_.Revoke(kC, "2019-09-01");
  scenario_.CatchUp();

  InProcessProjections live = Live();
  auto projections = live.Take();
  ASSERT_TRUE(projections.ok());
  for (const LiveProjection& projection : *projections) {
    EXPECT_TRUE(projection.stopped.empty()) << projection.name << ": " << projection.stopped;
  }
  const v1::AuditReport report = Audit(scenario_.harness().log(), *projections);
  EXPECT_FALSE(report.passed());
  const v1::Divergence* set_aside = FirstOfKind(report, v1::DIVERGENCE_KIND_FACT_SET_ASIDE);
  ASSERT_NE(set_aside, nullptr) << Describe(report);
  ASSERT_EQ(set_aside->facts_size(), 1);
  EXPECT_EQ(set_aside->facts(0).event_id(), "forged-revocation");
  EXPECT_THAT(set_aside->description(), ::testing::HasSubstr("DATE_OUT_OF_RANGE"));
  EXPECT_THAT(set_aside->description(), ::testing::HasSubstr("recognition"));
  // The live projections set it aside exactly as the replay did.
  for (const v1::ProjectionCheck& check : report.projections()) {
    EXPECT_TRUE(check.equal()) << check.name();
    EXPECT_EQ(check.facts_set_aside(), 1) << check.name();
  }
}

TEST_F(AuditReplayTest, AStoppedLiveProjectionFailsTheAudit) {
  InProcessProjections live = Live();
  auto projections = live.Take();
  ASSERT_TRUE(projections.ok());
  (*projections)[1].stopped = "rocksdb: IO error: No space left on device";
  const v1::AuditReport report = Audit(scenario_.harness().log(), *projections);
  EXPECT_FALSE(report.passed());
  const v1::Divergence* stopped = FirstOfKind(report, v1::DIVERGENCE_KIND_PROJECTION_STOPPED);
  ASSERT_NE(stopped, nullptr) << Describe(report);
  EXPECT_THAT(stopped->description(), ::testing::HasSubstr("No space left"));
}

// The live side of a replay that waits until the test lets it go on.
class HeldLiveProjections final : public LiveProjections {
 public:
  explicit HeldLiveProjections(LiveProjections& inner) : inner_(inner) {}
  absl::StatusOr<std::vector<LiveProjection>> Take() override {
    entered_.set_value();
    released_.wait();
    return inner_.Take();
  }
  void AwaitEntered() { entered_.get_future().wait(); }
  void Release() { release_.set_value(); }

 private:
  LiveProjections& inner_;
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
};

// Eight replays at once must not take eight times the disk and memory of one: a process
// runs one expensive read at a time and refuses the others AUDIT_BUSY, then takes the next.
TEST_F(AuditReplayTest, OneExpensiveReadAtATime) {
  InProcessProjections inner = Live();
  HeldLiveProjections held(inner);
  FixedAuthenticator auditor({identity::v1::ACTOR_ROLE_AUDITOR, "auditor"});
  const std::string scratch = scenario_.dir().Sub("busy-scratch");
  // Left by a run that died: removed when the service starts, with nothing else there.
  std::filesystem::create_directories(scratch + "/replay-1-0/store");
  std::filesystem::create_directories(scratch + "/keep-me");
  AuditServiceImpl service({scenario_.harness().log(), scenario_.topics(), upcasters_,
                            suite::SuiteFactRules(), auditor, activity::testing::Municipalities(),
                            held, scratch});
  EXPECT_FALSE(std::filesystem::exists(scratch + "/replay-1-0"));
  EXPECT_TRUE(std::filesystem::exists(scratch + "/keep-me"));
  auto server = rpc::Server::Start({}, {&service}, {});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::AuditService::NewStub(channel);

  std::thread first([&] {
    grpc::ClientContext context;
    auto reader = stub->ReplayAudit(&context, v1::ReplayAuditRequest());
    v1::ReplayAuditResponse message;
    bool reported = false;
    while (reader->Read(&message)) reported = reported || message.has_report();
    EXPECT_TRUE(reader->Finish().ok());
    EXPECT_TRUE(reported);
  });
  held.AwaitEntered();
  const auto busy = [&]() {
    grpc::ClientContext context;
    v1::GetRecognitionStatusAsOfRequest request;
    *request.mutable_as_of() = events::ToTimestamp(absl::FromUnixSeconds(1564617600));
    request.mutable_query()->set_kbo(kB);
    v1::GetRecognitionStatusAsOfResponse response;
    return rpc::FromGrpcStatus(stub->GetRecognitionStatusAsOf(&context, request, &response));
  };
  for (int i = 0; i < 7; ++i) {
    absl::Status refused = busy();
    EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
    EXPECT_EQ(ReasonOf(refused), "AUDIT_BUSY");
  }
  held.Release();
  first.join();
  EXPECT_TRUE(busy().ok());
  // Every run removed its scratch directory.
  for (const auto& entry : std::filesystem::directory_iterator(scratch)) {
    EXPECT_EQ(entry.path().filename(), "keep-me");
  }
}

TEST_F(AuditReplayTest, AsOfInstantsAreValidatedBeforeAnythingIsRead) {
  InProcessProjections live = Live();
  FixedAuthenticator auditor({identity::v1::ACTOR_ROLE_AUDITOR, "auditor"});
  AuditServiceImpl service({scenario_.harness().log(), scenario_.topics(), upcasters_,
                            suite::SuiteFactRules(), auditor, activity::testing::Municipalities(),
                            live, scenario_.dir().Sub("as-of-checks")});
  const auto as_of = [&](int64_t seconds, int32_t nanos) {
    v1::GetRecognitionStatusAsOfRequest request;
    request.mutable_as_of()->set_seconds(seconds);
    request.mutable_as_of()->set_nanos(nanos);
    request.mutable_query()->set_kbo(kB);
    grpc::ServerContext context;
    v1::GetRecognitionStatusAsOfResponse response;
    return rpc::FromGrpcStatus(service.GetRecognitionStatusAsOf(&context, &request, &response));
  };
  EXPECT_EQ(ReasonOf(as_of(1564617600, -1)), "AS_OF_INVALID");
  EXPECT_EQ(ReasonOf(as_of(INT64_MAX, 0)), "AS_OF_INVALID");
  EXPECT_EQ(ReasonOf(as_of(253402300799, 0)), "DATE_OUT_OF_RANGE");
  EXPECT_EQ(ReasonOf(as_of(0, 0)), "DATE_OUT_OF_RANGE");
  EXPECT_TRUE(as_of(1564617600, 0).ok());
}

}  // namespace
}  // namespace stem::audit
