// stem.protoset, the descriptor set integrators build their tools from, describes what the
// suite publishes: every service, the envelope and every context's facts.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace {

TEST(DescriptorSetTest, HoldsEveryPublicServiceAndFactAndNothingInternal) {
  std::ifstream file(STEM_DESCRIPTOR_SET, std::ios::binary);
  ASSERT_TRUE(file) << STEM_DESCRIPTOR_SET;
  std::stringstream bytes;
  bytes << file.rdbuf();
  google::protobuf::FileDescriptorSet set;
  ASSERT_TRUE(set.ParseFromString(bytes.str()));
  google::protobuf::DescriptorPool pool;
  for (const google::protobuf::FileDescriptorProto& proto : set.file()) {
    ASSERT_NE(pool.BuildFile(proto), nullptr) << proto.name();  // imports included, in order
  }
  for (const char* service :
       {"stem.recognition.v1.RecognitionService", "stem.activity.v1.ActivityService",
        "stem.partnership.v1.PartnershipService", "stem.subsidy.v1.SubsidyService",
        "stem.subsidy.v1.ReportService", "stem.audit.v1.AuditService",
        "stem.facts.v1.FactStreamService", "stem.ops.v1.ProjectionService",
        "stem.clock.v1.ClockService"}) {
    EXPECT_NE(pool.FindServiceByName(service), nullptr) << service;
  }
  for (const char* message :
       {"stem.events.v1.EventEnvelope", "stem.recognition.v1.RecognitionGranted",
        "stem.activity.v1.ActivityRegistered", "stem.partnership.v1.ReportSubmitted",
        "stem.subsidy.v1.PeriodAllocated"}) {
    EXPECT_NE(pool.FindMessageTypeByName(message), nullptr) << message;
  }
  EXPECT_EQ(pool.FindMessageTypeByName("stem.commands.v1.CommandRecord"), nullptr);
  // Comments travel with it (--include_source_info): a tool can show what a field means.
  const google::protobuf::Descriptor* envelope =
      pool.FindMessageTypeByName("stem.events.v1.EventEnvelope");
  ASSERT_NE(envelope, nullptr);
  google::protobuf::SourceLocation location;
  ASSERT_TRUE(envelope->FindFieldByName("previous_hash")->GetSourceLocation(&location));
  EXPECT_NE(location.leading_comments.find("Tamper evidence"), std::string::npos);
}

}  // namespace
