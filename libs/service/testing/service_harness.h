// A service under test, reached the way clients reach it: a real gRPC server on loopback
// over a real embedded log and a real RocksDB store, with a manual clock and token
// identities.
//
// Tokens: "officer" (OFFICER), "auditor" (AUDITOR), "operator" (OPERATOR),
// "municipality-<nis>" for the NIS codes given, "academy-<kbo>" for the KBO numbers given.
#ifndef STEM_LIBS_SERVICE_TESTING_SERVICE_HARNESS_H_
#define STEM_LIBS_SERVICE_TESTING_SERVICE_HARNESS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/service_type.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "libs/clock/clock_control.h"
#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/rpc/authenticator.h"
#include "libs/rpc/server.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "stem/events/v1/envelope.pb.h"

namespace stem::service::testing {

struct HarnessOptions {
  std::string clock_start = "2019-01-07T09:00:00Z";
  // Opens the log the replicas share, given a directory of the harness's; empty: the
  // embedded log there. Tests over Kafka pass one that opens a KafkaEventLog, with a
  // unique topic_prefix.
  std::function<std::unique_ptr<eventlog::EventLog>(const std::string& directory)> open_log;
  std::vector<std::string> academies;
  std::vector<std::string> municipalities;
  int32_t partitions = 3;
  std::string topic_prefix;
  // The fact rules the replicas' commands and projections apply (not owned); null: none.
  const events::FactRules* fact_rules = nullptr;
};

class ServiceHarness {
 public:
  explicit ServiceHarness(const HarnessOptions& options);
  ~ServiceHarness();

  // Starts a replica of the service: `make_service` builds the gRPC service over the
  // replica's runtime. Returns the replica's index. Replicas share the log and the clock;
  // each has its own store.
  using ServiceFactory =
      std::function<std::unique_ptr<grpc::Service>(ServiceRuntime&, const rpc::Authenticator&)>;
  int StartReplica(projection::Projector& projector, const ServiceFactory& make_service);
  // A replica that only projects (no gRPC service): another context's read model, fed by
  // facts a test appends as that context's service would write them.
  int StartReadModel(projection::Projector& projector);

  std::shared_ptr<grpc::Channel> Channel(int replica = 0) const;
  // "127.0.0.1:<port>" of the replica's server.
  std::string Address(int replica = 0) const;
  // A client context with the token's identity and a 30 s deadline.
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token);

  ServiceRuntime& runtime(int replica = 0) { return *replicas_.at(replica).runtime; }
  eventlog::EventLog& log() { return *log_; }
  const Topics& topics() const { return topics_; }
  const events::FactRules& fact_rules() const { return *fact_rules_; }
  clock::ClockControl& clock() { return *clock_; }
  void AdvanceTo(const std::string& instant);
  // Appends `payload` as the next fact of aggregate (`aggregate_type`, `aggregate_id`) on
  // `topic`, as its service would write it from one command of an officer: the facts of
  // contexts whose services a test does not run. Returns the fact's aggregate version.
  // Fails the test when the log refuses it.
  int64_t AppendFact(const std::string& topic, const std::string& aggregate_type,
                     const std::string& aggregate_id, const google::protobuf::Message& payload);
  // The version AppendFact gave the aggregate's last fact; 0 before the first.
  int64_t AppendedVersion(const std::string& aggregate_type, const std::string& aggregate_id) const;

  // Until every replica has applied everything the log holds now.
  absl::Status CatchUpAll(absl::Time deadline);

  // Every fact in `topic`, per partition in offset order (partitions in order). Fails the
  // test on a record that is not an envelope.
  std::vector<events::v1::EventEnvelope> Facts(const std::string& topic);

  // The number of records in `topic`: to show that a refused command wrote nothing.
  int64_t RecordCount(const std::string& topic);

 private:
  struct Replica {
    std::unique_ptr<ServiceRuntime> runtime;
    std::unique_ptr<grpc::Service> service;
    std::unique_ptr<rpc::Server> server;
  };
  stem::testing::TempDir dir_;
  Topics topics_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<clock::ClockControl> clock_;
  std::unique_ptr<rpc::Authenticator> authenticator_;
  events::UpcasterRegistry upcasters_;
  events::FactRules no_fact_rules_;
  const events::FactRules* fact_rules_;
  std::vector<Replica> replicas_;
  std::map<std::pair<std::string, std::string>, int64_t> appended_versions_;
  std::map<std::pair<std::string, std::string>, std::string> appended_hashes_;
  int appended_commands_ = 0;
};

}  // namespace stem::service::testing

#endif  // STEM_LIBS_SERVICE_TESTING_SERVICE_HARNESS_H_
