#include "libs/domain/municipalities.h"

#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/common/shared_data.h"

namespace stem::domain {
namespace {

class MunicipalitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = MunicipalityRegistry::Load(DefaultSharedDataDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    registry_ = loaded->release();
  }
  static void TearDownTestSuite() { delete registry_; }
  static MunicipalityRegistry* registry_;
};
MunicipalityRegistry* MunicipalitiesTest::registry_ = nullptr;

const absl::CivilDay k2019{2019, 3, 12};
const absl::CivilDay k2025{2025, 1, 1};

TEST_F(MunicipalitiesTest, CountsMatchTheData) {
  EXPECT_EQ(registry_->ListOn(k2019).size(), 300u);
  EXPECT_EQ(registry_->ListOn(absl::CivilDay(2024, 12, 31)).size(), 300u);
  EXPECT_EQ(registry_->ListOn(k2025).size(), 285u);
}

TEST_F(MunicipalitiesTest, ValidityDependsOnTheDate) {
  // Borsbeek merged into Antwerpen on 2025-01-01.
  EXPECT_TRUE(registry_->Validate("11007", absl::CivilDay(2024, 12, 31)).ok());
  absl::Status after = registry_->Validate("11007", k2025);
  EXPECT_EQ(after.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(after), "MUNICIPALITY_UNKNOWN");
  // Pajottegem exists only from 2025.
  EXPECT_EQ(ReasonOf(registry_->Validate("23106", k2019)), "MUNICIPALITY_UNKNOWN");
  EXPECT_TRUE(registry_->Validate("23106", k2025).ok());
  // Brussels and Wallonia are not Flemish.
  EXPECT_EQ(ReasonOf(registry_->Validate("21004", k2019)), "MUNICIPALITY_UNKNOWN");
  EXPECT_EQ(ReasonOf(registry_->Validate("62063", k2019)), "MUNICIPALITY_UNKNOWN");
  EXPECT_EQ(ReasonOf(registry_->Validate("1100", k2019)), "MUNICIPALITY_UNKNOWN");
}

TEST_F(MunicipalitiesTest, NamesAndProvinces) {
  auto antwerpen = registry_->Find("11002", k2019);
  ASSERT_TRUE(antwerpen);
  EXPECT_EQ(antwerpen->name, "Antwerpen");
  EXPECT_EQ(antwerpen->province, "Antwerpen");
  // Zwijndrecht moved province with its merger.
  EXPECT_EQ(registry_->Find("11056", k2019)->province, "Antwerpen");
  EXPECT_EQ(registry_->Find("46030", k2025)->province, "Oost-Vlaanderen");
}

TEST_F(MunicipalitiesTest, ComparesThroughTheMergerMapping) {
  // A code can survive a merger with a larger territory.
  EXPECT_EQ(registry_->Territory2025("11002"), "11002");
  EXPECT_EQ(registry_->Territory2025("11007"), "11002");
  // Hasselt gets a new code.
  EXPECT_EQ(registry_->Territory2025("71022"), "71072");
  EXPECT_EQ(registry_->Territory2025("73040"), "71072");
  EXPECT_EQ(registry_->Territory2025("71072"), "71072");
  EXPECT_EQ(registry_->Territory2025("11001"), "11001");
  EXPECT_EQ(registry_->Territory2025("99999"), std::nullopt);
}

TEST(MunicipalityLoadTest, MissingDataIsAnError) {
  EXPECT_EQ(MunicipalityRegistry::Load("/nonexistent").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace stem::domain
