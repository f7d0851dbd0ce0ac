// The activity projector reads four topics whose partitions arrive in no fixed order
// relative to each other. Each fact changes only what derives from its own aggregate, so
// every interleaving that keeps each aggregate's order must give the same state.
#include "contexts/activity/activity_projector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "contexts/activity/activity_state.h"
#include "contexts/activity/child_minutes_view.h"
#include "contexts/activity/partnerships.h"
#include "contexts/activity/school_calendars.h"
#include "contexts/activity/subsidy_periods.h"
#include "contexts/recognition/recognition_history.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/events/event_factory.h"
#include "libs/projection/testing/interleaved_streams.h"
#include "stem/partnership/v1/events.pb.h"
#include "stem/recognition/v1/events.pb.h"
#include "stem/subsidy/v1/events.pb.h"

namespace stem::activity {
namespace {

constexpr char kAcademy[] = "0123456749";
constexpr char kOther[] = "0200000043";

const service::Topics& TestTopics() {
  static const service::Topics topics = service::Topics::WithPrefix("test.");
  return topics;
}

using projection::testing::Fact;
using projection::testing::Interleave;
using projection::testing::Stream;

v1::ActivityRegistered Registered(const std::string& id, const std::string& kbo) {
  v1::ActivityRegistered fact;
  fact.set_activity_id(id);
  fact.set_academy_kbo(kbo);
  fact.set_title("Robotica");
  fact.set_municipality_nis_code("11002");
  for (const char* date : {"2019-03-09", "2019-03-16"}) {
    v1::Session* session = fact.add_sessions();
    session->set_session_id("s" + std::to_string(fact.sessions_size()));
    session->set_date(date);
    session->set_start_time("10:00");
    session->set_end_time("12:00");
  }
  return fact;
}

std::vector<Stream> Streams() {
  const service::Topics& topics = TestTopics();
  v1::AttendanceReported attendance;
  attendance.set_activity_id("act-1");
  attendance.set_session_id("s1");
  attendance.add_counts()->set_age(9);
  v1::SessionCancelled session_cancelled;
  session_cancelled.set_activity_id("act-1");
  session_cancelled.set_session_id("s2");
  v1::ActivityCancelled cancelled;
  cancelled.set_activity_id("act-2");
  v1::SchoolCalendarPublished calendar;
  calendar.set_school_year("2018-2019");
  v1::DateRange* holiday = calendar.add_holidays();
  holiday->set_first_day("2019-03-04");
  holiday->set_last_day("2019-03-10");
  v1::SchoolCalendarPublished replaced;
  replaced.set_school_year("2018-2019");

  recognition::v1::ApplicationSubmitted submitted;
  submitted.set_kbo(kAcademy);
  recognition::v1::RecognitionGranted granted;
  granted.set_valid_from("2019-01-07");
  granted.set_valid_until("2020-01-06");
  recognition::v1::RecognitionRevoked revoked;
  revoked.set_effective_from("2019-05-01");
  subsidy::v1::PeriodOpened period;
  period.set_period_id("2019-1");
  period.set_first_day("2019-01-01");
  period.set_last_day("2019-06-30");
  period.set_reporting_deadline("2019-07-15T22:00:00Z");
  partnership::v1::PartnershipApproved first;
  first.set_call_id("call-1");
  first.set_partnership_id("p1");
  first.set_lead_kbo(kAcademy);
  first.set_project_start("2019-04-01");
  first.set_project_end("2021-03-31");
  partnership::v1::PartnershipApproved second = first;
  second.set_partnership_id("p2");
  second.set_lead_kbo(kOther);
  second.add_partners()->set_kbo(kAcademy);

  std::vector<Stream> streams;
  streams.emplace_back(topics.activity, kActivityAggregate, "act-1");
  streams.back().Add(Registered("act-1", kAcademy)).Add(attendance).Add(session_cancelled);
  streams.emplace_back(topics.activity, kActivityAggregate, "act-2");
  streams.back().Add(Registered("act-2", kOther)).Add(cancelled);
  streams.emplace_back(topics.activity, kCalendarAggregate, "2018-2019");
  streams.back().Add(calendar).Add(replaced);
  streams.emplace_back(topics.recognition, "academy", kAcademy);
  streams.back().Add(submitted).Add(granted).Add(revoked).Add(granted);
  streams.emplace_back(topics.recognition, "academy", kOther);
  streams.back().Add(submitted).Add(granted);
  streams.emplace_back(topics.subsidy, "period", "2019-1");
  streams.back().Add(period);
  streams.emplace_back(topics.partnership, "call", "call-1");
  streams.back().Add(first).Add(second);
  return streams;
}

class ActivityProjectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<projection::ProjectionStore> Project(const std::vector<Fact>& facts) {
    auto store = projection::ProjectionStore::Open(dir_.Sub(std::to_string(++stores_)));
    EXPECT_TRUE(store.ok()) << store.status();
    ActivityProjector projector(TestTopics());
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

  stem::testing::TempDir dir_;
  int stores_ = 0;
};

// What a child-minutes computation read is what an explanation lists as a decision's
// inputs (services/audit/explain.cc): the activity, the academy's recognitions, the school
// year's calendar, and the calls that approved its partnerships - the approvals that zero
// sessions included.
TEST_F(ActivityProjectorTest, ChildMinutesNameTheAggregatesTheyRead) {
  std::vector<Fact> facts;
  for (const Stream& stream : Streams()) {
    for (const Fact& fact : stream.facts()) facts.push_back(fact);
  }
  std::unique_ptr<projection::ProjectionStore> store = Project(facts);
  auto activity = LoadActivity(*store, "act-1");
  ASSERT_TRUE(activity.ok() && activity->has_value()) << activity.status();
  ConsultedAggregates consulted;
  ChildMinutesCalculator calculator(*store, &consulted);
  ASSERT_TRUE(calculator.Compute(**activity, (*activity)->sessions(0)).ok());
  EXPECT_EQ(consulted, (ConsultedAggregates{{kActivityAggregate, "act-1"},
                                            {kCalendarAggregate, "2018-2019"},
                                            {kPartnershipCallAggregate, "call-1"},
                                            {"academy", kAcademy}}));
}

TEST_F(ActivityProjectorTest, EveryInterleavingOfTheTopicsGivesTheSameState) {
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

  // And that state holds what each context said.
  auto activity = RequireActivity(*reference, "act-1");
  ASSERT_TRUE(activity.ok()) << activity.status();
  EXPECT_EQ(activity->version(), 3);
  EXPECT_EQ(activity->sessions(0).attendance_size(), 1);
  EXPECT_TRUE(activity->sessions(1).cancelled());
  auto history = recognition::LoadRecognitionHistory(*reference, kAcademy);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->grants.size(), 2u);
  EXPECT_EQ(history->grants[0].decided_at, 2);
  EXPECT_EQ(history->grants[1].decided_at, 4);
  ASSERT_EQ(history->revocations.size(), 1u);
  EXPECT_EQ(history->revocations[0].decided_at, 3);
  EXPECT_EQ(domain::RecognitionOn(*history, absl::CivilDay(2019, 6, 1)).recognised(), true);
  auto partnerships = PartnershipPeriods(*reference, kAcademy);
  ASSERT_TRUE(partnerships.ok());
  EXPECT_EQ(partnerships->size(), 2u);
  auto calendar = LoadCalendar(*reference, 2018);
  ASSERT_TRUE(calendar.ok() && calendar->has_value());
  EXPECT_TRUE((*calendar)->holidays.empty());  // replaced by the second publication
  auto deadline = ReportingDeadline(*reference, absl::CivilDay(2019, 6, 30));
  ASSERT_TRUE(deadline.ok() && deadline->has_value());
  EXPECT_FALSE(ReportingDeadline(*reference, absl::CivilDay(2019, 7, 1))->has_value());

  // A different history gives a different state: the checksum is not blind.
  std::vector<Fact> fewer(in_sequence.begin(), in_sequence.end() - 1);
  EXPECT_NE(Checksum(*Project(fewer)), expected);
}

TEST_F(ActivityProjectorTest, UnknownFactsStopOnlyInItsOwnTopic) {
  ActivityProjector projector(TestTopics());
  auto store = projection::ProjectionStore::Open(dir_.Sub("unknown"));
  ASSERT_TRUE(store.ok());
  auto batch = (*store)->BeginBatch();
  Stream foreign(TestTopics().subsidy, "period", "2019-1");
  foreign.Add(recognition::v1::ApplicationRejected());
  eventlog::Record record;
  record.topic_partition.topic = TestTopics().subsidy;
  // Other contexts add facts this service does not need: ignored.
  EXPECT_TRUE(projector.Apply(foreign.facts()[0].event, record, *batch).ok());
  // An activity fact it cannot explain stops it, for a human to look at.
  Stream own(TestTopics().activity, kActivityAggregate, "act-9");
  own.Add(v1::AttendanceReported());
  record.topic_partition.topic = TestTopics().activity;
  EXPECT_FALSE(projector.Apply(own.facts()[0].event, record, *batch).ok());
  Stream strange(TestTopics().activity, "something", "x");
  strange.Add(v1::ActivityCancelled());
  EXPECT_FALSE(projector.Apply(strange.facts()[0].event, record, *batch).ok());
}

}  // namespace
}  // namespace stem::activity
