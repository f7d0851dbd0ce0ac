// What a service process shares between the services it runs: the log, the clock, the
// identities, the reference data, the topics, and one gRPC server. Modules (module.h) start
// their runtimes and services on it (process.h); the all-in-one process runs all four
// services on one Host.
#ifndef STEM_LIBS_SERVICE_HOST_H_
#define STEM_LIBS_SERVICE_HOST_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/clock/clock_control.h"
#include "libs/common/log.h"
#include "libs/domain/municipalities.h"
#include "libs/eventlog/event_log.h"
#include "libs/events/fact_rules.h"
#include "libs/events/upcaster.h"
#include "libs/rpc/authenticator.h"
#include "libs/rpc/client_credentials.h"
#include "libs/rpc/reloading_authenticator.h"
#include "libs/rpc/server.h"
#include "libs/service/module.h"
#include "libs/service/service_runtime.h"
#include "libs/service/store_bootstrap.h"
#include "libs/service/topics.h"
#include "libs/transparency/checkpoint.h"

namespace stem::service {

struct HostOptions {
  // "embedded" (a durable log under data_dir/log) or "kafka".
  std::string log = "embedded";
  // Kafka only.
  std::string kafka_bootstrap;
  std::string kafka_transactional_id;
  std::map<std::string, std::string> kafka_config;
  // How long a start waits for the brokers (NOT_SERVING meanwhile) before it gives up.
  absl::Duration kafka_start_wait = absl::Minutes(5);
  int32_t partitions = 6;
  int16_t replication_factor = 1;
  std::string topic_prefix;

  // RocksDB stores (one per service), the clock's state and the embedded log live here.
  std::string data_dir;
  // Where audits put the scratch stores of replays and as-of queries (emptied at start);
  // empty: <data_dir>/audit-scratch.
  std::string audit_scratch_dir;
  // Each store refuses commits (its projection stops and retries) while its disk has less
  // free space than this (projection::StoreOptions::min_free_bytes).
  uint64_t min_free_disk_bytes = uint64_t{64} << 20;
  // Whether projection stores fsync every commit. The log is synced on every append and is
  // the truth: a store whose unsynced tail a power loss took recovers to an older,
  // consistent prefix (point-in-time WAL recovery keeps state and positions together) and
  // catches up from its own positions. A kill of the process loses nothing either way.
  bool store_sync = false;
  std::string listen_address = "127.0.0.1:50051";
  // host:port of the Prometheus endpoint (GET /metrics, metrics_server.h); empty: none. Off
  // unless given, in every executable: a fixed default port would keep a second process on
  // the same machine from starting. The charts and compose turn it on.
  std::string metrics_listen;
  // Lines of the process's log (libs/common/log.h) below this level are dropped; the
  // access log is at info.
  log::Level log_level = log::Level::kInfo;
  // Plaintext (no TLS) on an address that is not loopback: only when asked by this flag's
  // name (--insecure_plaintext_listen), e.g. behind a service mesh that encrypts.
  bool insecure_plaintext_listen = false;
  // Unset: the system clock.
  std::optional<absl::Time> clock_start;
  // Identities: a token file (embedded mode) or mutual TLS (distributed mode).
  std::string token_file;
  // The facts' MAC keys (events/fact_mac.h), outside the data directory; owner-only. Empty:
  // facts are neither sealed nor checked (a warning at start).
  std::string fact_key_file;
  // The audit's Ed25519 key that signs checkpoints (PEM, owner-only), apart from the fact
  // keys; empty: the audit gives no checkpoints.
  std::string checkpoint_key_file;
  std::optional<rpc::TlsFiles> tls;
  std::string shared_data_dir;
  // Checkpoint bootstrap (store_bootstrap.h): a full read model without a store yet is
  // first asked of these replicas (host:port), with this OPERATOR identity; it replays the
  // log when none gives one.
  std::vector<std::string> bootstrap_peers;
  rpc::ClientCredentialFiles bootstrap_credentials;
  absl::Duration bootstrap_timeout = absl::Minutes(30);
};

class Host {
 public:
  static absl::StatusOr<std::unique_ptr<Host>> Open(const HostOptions& options);
  ~Host();

  eventlog::EventLog& log() { return *log_; }
  const clock::Clock& clock() const { return clock_->clock(); }
  clock::ClockControl& clock_control() { return *clock_; }
  const rpc::Authenticator& authenticator() const { return *authenticator_; }
  const domain::MunicipalityRegistry& municipalities() const { return *municipalities_; }
  const events::UpcasterRegistry& upcasters() const { return upcasters_; }
  // Registered before the first runtime starts (process.h), read-only after.
  events::UpcasterRegistry& upcasters() { return upcasters_; }
  // Empty until `main` registers the suite's rules (contexts/suite), before StartRuntime.
  events::FactRules& fact_rules() { return fact_rules_; }
  const Topics& topics() const { return topics_; }
  // Null without --checkpoint_key_file.
  const transparency::CheckpointSigner* checkpoint_signer() const {
    return checkpoint_signer_.get();
  }
  // Names the suite in its checkpoints: "stem-academies.vlaio.be", and the topic prefix.
  std::string checkpoint_origin() const;

  const HostOptions& options() const { return options_; }

  // Starts a service's runtime with its store under data_dir/<name>. Without `group` it
  // reads every partition (a full read model; a new one starts from a peer's checkpoint
  // when HostOptions::bootstrap_peers name any); with one it shares the partitions with the
  // other replicas in the consumer group "<topic prefix><group>", for work that is to be
  // done once (static membership by the replica's transactional id, when given). The host
  // keeps a pointer for Serve: the runtime must live until Serve returns.
  absl::StatusOr<std::unique_ptr<ServiceRuntime>> StartRuntime(const std::string& name,
                                                               projection::Projector& projector,
                                                               const std::string& group = "");
  // The full read models started so far (runtimes without a group), by name: what an
  // in-process audit compares its replays with.
  const std::map<std::string, ServiceRuntime*>& read_models() const { return read_models_; }

  // Serves `services` (and the ClockService and ProjectionService) until SIGINT or
  // SIGTERM: NOT_SERVING until every runtime started has caught up with the log,
  // NOT_SERVING again if a projection stops. Returns the process's exit status.
  int Serve(const std::vector<ServedService>& services);

 private:
  Host() = default;
  // Fills the new store at `store_path` from a peer's checkpoint, or logs why not (the
  // runtime then replays the log).
  void BootstrapFromPeers(const std::string& name, const std::string& store_version,
                          const std::string& store_path);

  // Reads the token file again (SIGHUP), or when it changed; keeps the previous tokens
  // when the file does not load.
  void ReloadCredentials(const std::string& why);
  void PollCredentials();

  HostOptions options_;
  Topics topics_;
  std::unique_ptr<eventlog::EventLog> log_;
  std::unique_ptr<clock::ClockControl> clock_;
  std::unique_ptr<rpc::Authenticator> authenticator_;
  // Inside authenticator_ (not owned); null with TLS.
  rpc::ReloadingTokenAuthenticator* token_reloader_ = nullptr;
  std::unique_ptr<domain::MunicipalityRegistry> municipalities_;
  events::UpcasterRegistry upcasters_;
  events::FactRules fact_rules_;
  std::optional<events::FactKeyRing> fact_keys_;
  std::unique_ptr<transparency::CheckpointSigner> checkpoint_signer_;
  std::optional<BootstrapOptions> bootstrap_;
  // Not owned: every runtime StartRuntime started, by store name, and the full read models.
  std::map<std::string, ServiceRuntime*> runtimes_;
  std::map<std::string, ServiceRuntime*> read_models_;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_HOST_H_
