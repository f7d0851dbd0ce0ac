# The embedded event log (a durable log in a local directory) and the event-log contract
# suite that every implementation's test instantiates.

stem_library(NAME stem_eventlog_embedded
  SOURCES
    embedded_event_log.cc
    embedded_log_repair.cc
    internal/embedded_crc32c.cc
    internal/embedded_files.cc
    internal/embedded_frame.cc
    internal/embedded_group_coordinator.cc
    internal/embedded_partition_file.cc
    internal/embedded_recovery.cc
    internal/embedded_subscription.cc
    internal/embedded_topics.cc
    internal/embedded_writer.cc
  DEPS stem_eventlog stem_common absl::status absl::statusor absl::strings absl::synchronization
    absl::time Threads::Threads)

# The contract suite, implementation-neutral: link it and STEM_INSTANTIATE_LOG_CONTRACT.
stem_library(NAME stem_eventlog_contract
  SOURCES
    testing/log_contract.cc
    testing/log_contract_read_tests.cc
    testing/log_contract_topic_tests.cc
    testing/log_contract_group_tests.cc
  DEPS stem_eventlog absl::status absl::statusor absl::strings absl::time GTest::gtest
    GTest::gmock Threads::Threads)

stem_test(NAME eventlog_embedded_contract_test SOURCES embedded_contract_test.cc
  DEPS stem_eventlog_embedded stem_eventlog_contract)

stem_test(NAME eventlog_embedded_test
  SOURCES
    embedded_event_log_test.cc
    internal/embedded_subscription_test.cc
    internal/embedded_frame_test.cc
    internal/embedded_group_coordinator_test.cc
    internal/embedded_partition_file_test.cc
  DEPS stem_eventlog_embedded)
