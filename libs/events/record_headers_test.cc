#include "libs/events/record_headers.h"

#include <gtest/gtest.h>

#include <map>

namespace stem::events {
namespace {

TEST(RecordHeadersTest, NameTheFactAndTheAttemptThatWroteIt) {
  v1::EventEnvelope event;
  event.set_event_type("stem.recognition.v1.RecognitionGranted");
  event.set_schema_version(2);
  event.set_aggregate_type("academy");
  event.set_command_id("c-1");
  const RecordHeaders first = FactRecordHeaders(event, 1);
  const std::map<std::string, std::string> headers(first.begin(), first.end());
  EXPECT_EQ(headers.size(), first.size());  // each header once
  EXPECT_EQ(headers.at("content-type"),
            "application/x-protobuf; messageType=\"stem.events.v1.EventEnvelope\"");
  EXPECT_EQ(headers.at("stem-fact-type"), "stem.recognition.v1.RecognitionGranted");
  EXPECT_EQ(headers.at("stem-schema-version"), "2");
  EXPECT_EQ(headers.at("stem-aggregate-type"), "academy");
  EXPECT_EQ(headers.at("stem-command-id"), "c-1");
  EXPECT_EQ(headers.at("stem-command-attempt"), "1");
  EXPECT_EQ(headers.at("stem-first-attempt"), "true");

  const RecordHeaders third = FactRecordHeaders(event, 3);
  const std::map<std::string, std::string> later(third.begin(), third.end());
  EXPECT_EQ(later.at("stem-command-attempt"), "3");
  EXPECT_EQ(later.at("stem-first-attempt"), "false");
}

}  // namespace
}  // namespace stem::events
