// One test per class of librdkafka error: what a caller of the event log is told, so that a
// broker outage is never answered as if it were final (NOT_FOUND, INTERNAL).
#include <gtest/gtest.h>

#include "libs/common/error.h"
#include "libs/eventlog/internal/kafka_config.h"

namespace stem::eventlog::internal {
namespace {

struct Expected {
  absl::StatusCode code;
  std::string reason;
  bool retry_hint;
};

Expected Seen(RdKafka::ErrorCode err) {
  const absl::Status status = KafkaError("appending", err);
  return {status.code(), ReasonOf(status), RetryDelayOf(status) > absl::ZeroDuration()};
}

void ExpectAll(std::initializer_list<RdKafka::ErrorCode> errors, const Expected& expected) {
  for (RdKafka::ErrorCode err : errors) {
    const Expected seen = Seen(err);
    EXPECT_EQ(seen.code, expected.code) << RdKafka::err2str(err);
    EXPECT_EQ(seen.reason, expected.reason) << RdKafka::err2str(err);
    EXPECT_EQ(seen.retry_hint, expected.retry_hint) << RdKafka::err2str(err);
  }
}

TEST(KafkaErrorTest, ABrokerThatIsAwayOrRestartingIsUnavailableAndRetryable) {
  ExpectAll({RdKafka::ERR__TRANSPORT, RdKafka::ERR__ALL_BROKERS_DOWN, RdKafka::ERR__RESOLVE,
             RdKafka::ERR__UNKNOWN_PARTITION, RdKafka::ERR__UNKNOWN_TOPIC,
             RdKafka::ERR_UNKNOWN_TOPIC_OR_PART},
            {absl::StatusCode::kUnavailable, "LOG_UNAVAILABLE", true});
}

TEST(KafkaErrorTest, LeadershipAndCoordinatorMovesAreUnavailableAndRetryable) {
  ExpectAll({RdKafka::ERR_NOT_LEADER_FOR_PARTITION, RdKafka::ERR_LEADER_NOT_AVAILABLE,
             RdKafka::ERR_NOT_COORDINATOR, RdKafka::ERR_COORDINATOR_NOT_AVAILABLE,
             RdKafka::ERR_COORDINATOR_LOAD_IN_PROGRESS, RdKafka::ERR__WAIT_COORD,
             RdKafka::ERR_CONCURRENT_TRANSACTIONS, RdKafka::ERR_NOT_ENOUGH_REPLICAS,
             RdKafka::ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND},
            {absl::StatusCode::kUnavailable, "LOG_UNAVAILABLE", true});
}

TEST(KafkaErrorTest, TimeoutsAreDeadlineExceededAndRetryable) {
  ExpectAll({RdKafka::ERR__TIMED_OUT, RdKafka::ERR_REQUEST_TIMED_OUT},
            {absl::StatusCode::kDeadlineExceeded, "LOG_TIMEOUT", true});
}

TEST(KafkaErrorTest, ARecordKafkaRejectsIsFinal) {
  ExpectAll(
      {RdKafka::ERR_MSG_SIZE_TOO_LARGE, RdKafka::ERR_INVALID_RECORD, RdKafka::ERR_POLICY_VIOLATION},
      {absl::StatusCode::kInvalidArgument, "LOG_RECORD_REJECTED", false});
}

TEST(KafkaErrorTest, RefusedAccessIsFinal) {
  ExpectAll({RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED, RdKafka::ERR_SASL_AUTHENTICATION_FAILED,
             RdKafka::ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED},
            {absl::StatusCode::kPermissionDenied, "LOG_ACCESS_DENIED", false});
}

TEST(KafkaErrorTest, AFencedOrFailedProducerIsAFailedPrecondition) {
  ExpectAll({RdKafka::ERR__FENCED, RdKafka::ERR_PRODUCER_FENCED, RdKafka::ERR__FATAL},
            {absl::StatusCode::kFailedPrecondition, "LOG_PRODUCER_FAILED", false});
}

TEST(KafkaErrorTest, UnknownBrokerErrorsAreTransientAndUnknownLocalOnesInternal) {
  ExpectAll({RdKafka::ERR_UNKNOWN}, {absl::StatusCode::kInternal, "LOG_FAILED", false});
  ExpectAll({RdKafka::ERR_THROTTLING_QUOTA_EXCEEDED},
            {absl::StatusCode::kUnavailable, "LOG_UNAVAILABLE", true});
}

TEST(KafkaErrorTest, AnErrorWithoutReasonGetsTheReasonOfItsCode) {
  const absl::Status bare = absl::AbortedError("the transaction was aborted");
  const absl::Status reasoned = WithLogReason(bare);
  EXPECT_EQ(reasoned.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(reasoned), "LOG_TRANSACTION_ABORTED");
  EXPECT_EQ(reasoned.message(), bare.message());
  const absl::Status already = MakeError(absl::StatusCode::kNotFound, "OTHER", "kept");
  EXPECT_EQ(ReasonOf(WithLogReason(already)), "OTHER");
}

}  // namespace
}  // namespace stem::eventlog::internal
