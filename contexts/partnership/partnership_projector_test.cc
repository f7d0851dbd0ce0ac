// The partnership projector reads three topics whose partitions arrive in no fixed order
// relative to each other, and its own topic holds two aggregates (calls and partnerships)
// whose facts refer to each other. Each fact changes only what derives from its own
// aggregate, so every interleaving that keeps each aggregate's order must give the same
// state - and the joined answers are computed from it at query time.
#include "contexts/partnership/partnership_projector.h"

#include <gtest/gtest.h>

#include <random>

#include "contexts/partnership/call_state.h"
#include "contexts/partnership/partnership_state.h"
#include "contexts/partnership/partnership_view.h"
#include "contexts/partnership/registered_activities.h"
#include "contexts/recognition/recognition_history.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/events/event_factory.h"
#include "libs/projection/testing/interleaved_streams.h"
#include "stem/activity/v1/events.pb.h"
#include "stem/recognition/v1/events.pb.h"

namespace stem::partnership {
namespace {

constexpr char kAcademy[] = "0123456749";

const service::Topics& TestTopics() {
  static const service::Topics topics = service::Topics::WithPrefix("test.");
  return topics;
}

using projection::testing::Fact;
using projection::testing::Interleave;
using projection::testing::Stream;

v1::PartnershipApplicationSubmitted Application(const std::string& id) {
  v1::PartnershipApplicationSubmitted fact;
  fact.set_partnership_id(id);
  fact.set_call_id("2019");
  fact.set_lead_kbo(kAcademy);
  fact.add_region_nis_codes("11002");
  fact.set_requested_cents(20000000);
  fact.set_submitted_on("2019-01-07");
  return fact;
}

template <typename Fact>
Fact ReportFact(const std::string& report_id, v1::ReportKind kind, const std::string& day) {
  Fact fact;
  fact.set_partnership_id("ptn-1");
  fact.set_report_id(report_id);
  fact.set_kind(kind);
  if constexpr (std::is_same_v<Fact, v1::ReportSubmitted>) {
    fact.set_submitted_on(day);
  } else {
    fact.set_decided_on(day);
  }
  return fact;
}

std::vector<Stream> Streams() {
  const service::Topics& topics = TestTopics();
  v1::CallOpened opened;
  opened.set_call_id("2019");
  opened.set_budget_cents(50000000);
  opened.set_max_per_project_cents(20000000);
  opened.set_duration_months(24);
  opened.set_latest_start_months(3);
  opened.set_interim_due_months(12);
  opened.set_final_due_months_after_end(3);
  opened.mutable_tranche_schedule()->set_on_approval_permille(500);
  opened.mutable_tranche_schedule()->set_on_interim_report_permille(300);
  opened.mutable_tranche_schedule()->set_on_final_report_permille(200);
  v1::PartnershipApproved approved;
  approved.set_call_id("2019");
  approved.set_partnership_id("ptn-1");
  approved.set_lead_kbo(kAcademy);
  approved.set_approved_cents(20000000);
  approved.set_project_start("2019-09-01");
  approved.set_project_end("2021-08-31");
  approved.set_decided_on("2019-06-03");
  v1::PartnershipRejected rejected;
  rejected.set_call_id("2019");
  rejected.set_partnership_id("ptn-2");
  rejected.set_reason("overlap");

  recognition::v1::RecognitionGranted granted;
  granted.set_valid_from("2019-01-07");
  granted.set_valid_until("2020-01-06");
  recognition::v1::ApplicationRejected ignored;
  activity::v1::ActivityRegistered registered;
  registered.set_activity_id("act-1");
  registered.set_academy_kbo(kAcademy);
  activity::v1::AttendanceReported attendance;
  attendance.set_activity_id("act-1");

  std::vector<Stream> streams;
  streams.emplace_back(topics.partnership, kCallAggregate, "2019");
  streams.back().Add(opened).Add(approved).Add(rejected);
  streams.emplace_back(topics.partnership, kPartnershipAggregate, "ptn-1");
  streams.back()
      .Add(Application("ptn-1"))
      .Add(ReportFact<v1::ReportSubmitted>("interim-2", v1::REPORT_KIND_INTERIM, "2020-08-03"))
      .Add(ReportFact<v1::ReportRejected>("interim-2", v1::REPORT_KIND_INTERIM, "2020-08-05"))
      .Add(ReportFact<v1::ReportSubmitted>("interim-4", v1::REPORT_KIND_INTERIM, "2020-08-10"))
      .Add(ReportFact<v1::ReportApproved>("interim-4", v1::REPORT_KIND_INTERIM, "2020-09-14"));
  streams.emplace_back(topics.partnership, kPartnershipAggregate, "ptn-2");
  streams.back().Add(Application("ptn-2"));
  streams.emplace_back(topics.recognition, "academy", kAcademy);
  streams.back().Add(ignored).Add(granted);
  streams.emplace_back(topics.activity, "activity", "act-1");
  streams.back().Add(registered).Add(attendance);
  return streams;
}

class PartnershipProjectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<projection::ProjectionStore> Project(const std::vector<Fact>& facts) {
    auto store = projection::ProjectionStore::Open(dir_.Sub(std::to_string(++stores_)));
    EXPECT_TRUE(store.ok()) << store.status();
    PartnershipProjector projector(TestTopics());
    for (const Fact& fact : facts) {
      eventlog::Record record;
      record.topic_partition.topic = fact.topic;
      std::unique_ptr<projection::Batch> batch = (*store)->BeginBatch();
      absl::Status applied = projector.Apply(fact.event, record, *batch);
      EXPECT_TRUE(applied.ok()) << applied;
      EXPECT_TRUE((*store)->Commit(std::move(batch), {}).ok());
    }
    return std::move(*store);
  }

  static std::string Checksum(const projection::ProjectionStore& store) {
    auto checksum = store.Checksum();
    EXPECT_TRUE(checksum.ok()) << checksum.status();
    return checksum.value_or("");
  }

  // Applies `fact` to a fresh store after `before`; the projector's verdict.
  absl::Status ApplyAfter(const std::vector<Fact>& before, const Fact& fact) {
    auto store = Project(before);
    PartnershipProjector projector(TestTopics());
    eventlog::Record record;
    record.topic_partition.topic = fact.topic;
    auto batch = store->BeginBatch();
    return projector.Apply(fact.event, record, *batch);
  }

  stem::testing::TempDir dir_;
  int stores_ = 0;
};

TEST_F(PartnershipProjectorTest, EveryInterleavingOfTheAggregatesGivesTheSameState) {
  const std::vector<Stream> streams = Streams();
  std::vector<Fact> in_sequence;
  for (const Stream& stream : streams) {
    in_sequence.insert(in_sequence.end(), stream.facts().begin(), stream.facts().end());
  }
  std::vector<Fact> reversed;
  for (auto stream = streams.rbegin(); stream != streams.rend(); ++stream) {
    reversed.insert(reversed.end(), stream->facts().begin(), stream->facts().end());
  }
  auto reference = Project(in_sequence);
  const std::string expected = Checksum(*reference);
  EXPECT_EQ(Checksum(*Project(reversed)), expected);
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    EXPECT_EQ(Checksum(*Project(Interleave(streams, seed))), expected) << "seed " << seed;
  }

  // And that state, joined at query time, says what each aggregate said.
  auto call = RequireCall(*reference, "2019");
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->version(), 3);
  EXPECT_EQ(call->approved_cents(), 20000000);
  EXPECT_EQ(call->approved_count(), 1);
  EXPECT_EQ(call->rejected_count(), 1);
  auto partnership = RequirePartnership(*reference, "ptn-1");
  ASSERT_TRUE(partnership.ok()) << partnership.status();
  ASSERT_TRUE(CompleteView(*reference, absl::CivilDay(2020, 9, 2), *partnership).ok());
  EXPECT_EQ(partnership->status(), v1::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(partnership->version(), 5);
  EXPECT_EQ(partnership->call_version(), 3);
  ASSERT_EQ(partnership->reports_size(), 2);
  EXPECT_EQ(partnership->reports(0).state(), v1::REPORT_STATE_REJECTED);
  // On 2 September 2020 the resubmitted interim report awaited its approval.
  EXPECT_EQ(partnership->obligations(0).status(), v1::OBLIGATION_STATUS_SUBMITTED);
  EXPECT_TRUE(partnership->obligations(0).overdue());
  ASSERT_EQ(partnership->tranches_size(), 3);
  EXPECT_TRUE(partnership->tranches(1).released());
  auto second = RequirePartnership(*reference, "ptn-2");
  ASSERT_TRUE(second.ok() && CompleteView(*reference, absl::CivilDay(2020, 9, 2), *second).ok());
  EXPECT_EQ(second->status(), v1::APPLICATION_STATUS_REJECTED);
  EXPECT_EQ(second->obligations_size(), 0);
  auto history = recognition::LoadRecognitionHistory(*reference, kAcademy);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->grants.size(), 1u);
  EXPECT_EQ(history->grants[0].decided_at, 2);
  EXPECT_EQ(RegisteredBy(*reference, "act-1").value_or(std::nullopt), kAcademy);

  // A different history gives a different state: the checksum is not blind. (Without the
  // call's last fact, the rejection; the last fact of all is one this projector ignores.)
  std::vector<Fact> fewer = in_sequence;
  fewer.erase(fewer.begin() + 2);
  EXPECT_NE(Checksum(*Project(fewer)), expected);
}

TEST_F(PartnershipProjectorTest, FactsItCannotExplainStopItOnlyInItsOwnTopic) {
  const std::vector<Stream> streams = Streams();
  const std::vector<Fact>& call = streams[0].facts();         // opened, approved, rejected
  const std::vector<Fact>& partnership = streams[1].facts();  // submitted, reports

  // Other contexts add facts this service does not need: ignored.
  Stream foreign(TestTopics().activity, "school-calendar", "2019-2020");
  foreign.Add(recognition::v1::ApplicationRejected());
  EXPECT_TRUE(ApplyAfter({}, foreign.facts()[0]).ok());

  // A decision of a call never opened.
  EXPECT_FALSE(ApplyAfter({}, call[1]).ok());
  // A second decision on one application: the command path never writes one.
  v1::PartnershipRejected again;
  again.set_call_id("2019");
  again.set_partnership_id("ptn-1");
  Stream decided(TestTopics().partnership, kCallAggregate, "2019");
  decided.Add(again);
  EXPECT_TRUE(ApplyAfter({call[0]}, decided.facts()[0]).ok());
  EXPECT_FALSE(ApplyAfter({call[0], call[1]}, decided.facts()[0]).ok());
  // A call opened under another aggregate id.
  v1::CallOpened elsewhere;
  elsewhere.set_call_id("2019");
  Stream misnamed(TestTopics().partnership, kCallAggregate, "2020");
  misnamed.Add(elsewhere);
  EXPECT_FALSE(ApplyAfter({}, misnamed.facts()[0]).ok());
  // A report of an application never submitted; a decision on a report decided before.
  EXPECT_FALSE(ApplyAfter({}, partnership[1]).ok());
  EXPECT_FALSE(ApplyAfter({partnership[0], partnership[1], partnership[2]}, partnership[2]).ok());
  // An aggregate type this version does not know.
  Stream strange(TestTopics().partnership, "something", "x");
  strange.Add(v1::CallOpened());
  EXPECT_FALSE(ApplyAfter({}, strange.facts()[0]).ok());
}

}  // namespace
}  // namespace stem::partnership
