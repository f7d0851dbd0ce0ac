# The Kafka event log (kafka_event_log.h) on librdkafka. Its tests need a broker and live in
# tests/integration (label kafka).
stem_library(NAME stem_eventlog_kafka
  SOURCES
    kafka_event_log.cc
    internal/kafka_admin.cc
    internal/kafka_admin_request.cc
    internal/kafka_topic_retention.cc
    internal/kafka_config.cc
    internal/kafka_credential_watch.cc
    internal/kafka_producer.cc
    internal/kafka_reachability.cc
    internal/kafka_subscription.cc
  DEPS stem_eventlog stem_common stem_metrics PkgConfig::RDKAFKA
    absl::status absl::statusor absl::strings absl::str_format absl::synchronization absl::time
    absl::memory Threads::Threads)
# What needs no broker: judging a topic's settings, and what its errors tell callers.
stem_test(NAME eventlog_kafka_unit_test
  SOURCES internal/kafka_topic_retention_test.cc internal/kafka_error_test.cc
          internal/fresh_fetch_test.cc
  DEPS stem_eventlog_kafka stem_common)
