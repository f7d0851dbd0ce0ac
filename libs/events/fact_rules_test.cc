#include "libs/events/fact_rules.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "stem/events/testing/v1/sample_events.pb.h"

namespace stem::events {
namespace {

using testing::v1::SampleAmountRecorded;
using testing::v1::SampleStepRecorded;

FactRules PositiveSteps() {
  FactRules rules;
  rules.Register<SampleStepRecorded>([](const SampleStepRecorded& step) {
    if (step.sequence() > 0) return absl::OkStatus();
    return MakeError(absl::StatusCode::kInvalidArgument, "STEP_INVALID", "steps count from 1");
  });
  return rules;
}

TEST(FactRulesTest, ChecksAFactAndItsPackedFormTheSameWay) {
  const FactRules rules = PositiveSteps();
  SampleStepRecorded step;
  step.set_sequence(0);
  google::protobuf::Any packed;
  packed.PackFrom(step);
  EXPECT_EQ(ReasonOf(rules.Check(step)), "STEP_INVALID");
  EXPECT_EQ(ReasonOf(rules.CheckPayload(packed)), "STEP_INVALID");
  step.set_sequence(1);
  packed.PackFrom(step);
  EXPECT_TRUE(rules.Check(step).ok());
  EXPECT_TRUE(rules.CheckPayload(packed).ok());
}

TEST(FactRulesTest, TypesWithoutARulePassAndBrokenPayloadsDoNot) {
  const FactRules rules = PositiveSteps();
  SampleAmountRecorded amount;
  google::protobuf::Any packed;
  packed.PackFrom(amount);
  EXPECT_TRUE(rules.Check(amount).ok());
  EXPECT_TRUE(rules.CheckPayload(packed).ok());

  SampleStepRecorded step;
  packed.PackFrom(step);
  packed.set_value("\xff\xff\xff");
  EXPECT_EQ(ReasonOf(rules.CheckPayload(packed)), "FACT_UNREADABLE");
  EXPECT_EQ(rules.size(), 1u);
}

}  // namespace
}  // namespace stem::events
