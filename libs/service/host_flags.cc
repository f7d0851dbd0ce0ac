#include "libs/service/host_flags.h"

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "libs/clock/clock.h"
#include "libs/common/secret_file.h"

ABSL_FLAG(std::string, log, "embedded", "embedded (durable local log) or kafka");
ABSL_FLAG(std::string, kafka_bootstrap, "", "Kafka bootstrap servers, host:port[,...]");
ABSL_FLAG(std::string, kafka_transactional_id, "",
          "stable producer id of this replica (e.g. the pod name); empty: unique per process");
ABSL_FLAG(std::string, kafka_config, "",
          "extra librdkafka properties, key=value[,key=value...] (security.protocol, ssl.*)");
ABSL_FLAG(std::string, kafka_secret_config_file, "",
          "librdkafka properties that are secrets (sasl.password, ssl.key.password), "
          "`key=value` per line; owner-only, outside --data_dir");
ABSL_FLAG(absl::Duration, kafka_start_wait, absl::Minutes(5),
          "how long a start waits for the Kafka brokers (health NOT_SERVING meanwhile)");
ABSL_FLAG(int32_t, partitions, 6, "partitions of each topic created at start");
ABSL_FLAG(int32_t, replication_factor, 1, "replication factor of topics created at start");
ABSL_FLAG(std::string, topic_prefix, "", "prefix of every topic name (one per deployment)");
ABSL_FLAG(std::string, data_dir, "", "directory of RocksDB stores, clock state, embedded log");
ABSL_FLAG(std::string, fact_key_file, "",
          "the facts' MAC keys, `<key id> <hex key>` per line, the last one signing; owner-only, "
          "outside --data_dir");
ABSL_FLAG(std::string, log_level, "info",
          "debug, info (with one access-log line per RPC), warning or error");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port of the Prometheus metrics endpoint (GET /metrics, plain HTTP); empty: none");
ABSL_FLAG(bool, insecure_plaintext_listen, false,
          "INSECURE: serve without TLS on an address that is not loopback (tokens and facts "
          "in clear); only behind something that encrypts, e.g. a service mesh");
ABSL_FLAG(std::string, checkpoint_key_file, "",
          "the audit's Ed25519 private key (PEM, `openssl genpkey -algorithm ed25519`, "
          "owner-only) that signs checkpoints of the log; empty: no checkpoints");
ABSL_FLAG(uint64_t, min_free_disk_mb, 64,
          "projections stop (and retry) while a store's disk has less free space than this");
ABSL_FLAG(bool, store_sync, false,
          "fsync each projection store write; off by default: the log is the truth, and a store "
          "that lost its unsynced tail in a power loss resumes from the older positions it kept");
ABSL_FLAG(std::string, audit_scratch_dir, "",
          "where replays and as-of queries put their scratch stores (emptied at start); "
          "empty: <data_dir>/audit-scratch");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC listen address");
ABSL_FLAG(std::string, clock_start, "",
          "start a manual clock at this RFC 3339 instant (embedded and test modes); an "
          "OPERATOR moves it forward through ClockService. Empty: the system clock");
ABSL_FLAG(std::string, token_file, "", "identities: lines of `<token> <ROLE> <identity>`");
ABSL_FLAG(std::string, tls_cert, "", "mutual TLS: the server certificate chain (PEM)");
ABSL_FLAG(std::string, tls_key, "", "mutual TLS: the server key (PEM)");
ABSL_FLAG(std::string, tls_client_ca, "", "mutual TLS: the CA of client certificates (PEM)");
ABSL_FLAG(std::string, bootstrap_peers, "",
          "host:port[,...] of replicas of the same service: a full read model without a store "
          "starts from the first one's checkpoint (verified) instead of replaying the log");
ABSL_FLAG(std::string, bootstrap_token_file, "",
          "a file holding the OPERATOR bearer token presented to --bootstrap_peers");
ABSL_FLAG(std::string, bootstrap_tls_cert, "",
          "mutual TLS: the OPERATOR client certificate presented to --bootstrap_peers");
ABSL_FLAG(std::string, bootstrap_tls_key, "", "mutual TLS: its key");
ABSL_FLAG(std::string, bootstrap_tls_ca, "", "mutual TLS: the CA of the peers' certificates");
ABSL_FLAG(absl::Duration, bootstrap_timeout, absl::Minutes(30),
          "how long one peer may take to send a checkpoint");
ABSL_FLAG(std::string, shared_data, "",
          "reference data directory; empty: $STEM_SHARED_DATA_DIR or ../shared/data");

namespace stem::service {
namespace {

// `key=value` lines, `#` comments; a key given twice, here or in --kafka_config, is refused
// so that no setting silently wins over another.
absl::Status AddSecretKafkaConfig(const std::string& path,
                                  std::map<std::string, std::string>& config) {
  absl::StatusOr<std::string> text = ReadSecretFile(path, "Kafka secret config file");
  if (!text.ok()) return text.status();
  int number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits('=', 1));
    if (kv.first.empty() || kv.second.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Kafka secret config file line ", number, ": expected key=value"));
    }
    if (!config.emplace(kv.first, kv.second).second) {
      return absl::InvalidArgumentError(absl::StrCat("Kafka secret config file line ", number, ": ",
                                                     kv.first, " is given twice"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<HostOptions> ParseHostFlags(int argc, char** argv, const char* usage) {
  absl::SetProgramUsageMessage(usage);
  absl::ParseCommandLine(argc, argv);
  HostOptions options;
  options.log = absl::GetFlag(FLAGS_log);
  options.kafka_bootstrap = absl::GetFlag(FLAGS_kafka_bootstrap);
  options.kafka_transactional_id = absl::GetFlag(FLAGS_kafka_transactional_id);
  const std::string extra = absl::GetFlag(FLAGS_kafka_config);
  if (!extra.empty()) {
    for (absl::string_view pair : absl::StrSplit(extra, ',')) {
      std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
      if (kv.first.empty() || kv.second.empty()) {
        return absl::InvalidArgumentError("--kafka_config wants key=value pairs");
      }
      options.kafka_config[kv.first] = kv.second;
    }
  }
  if (const std::string secrets = absl::GetFlag(FLAGS_kafka_secret_config_file); !secrets.empty()) {
    if (absl::Status added = AddSecretKafkaConfig(secrets, options.kafka_config); !added.ok()) {
      return added;
    }
  }
  options.kafka_start_wait = absl::GetFlag(FLAGS_kafka_start_wait);
  options.partitions = absl::GetFlag(FLAGS_partitions);
  options.replication_factor = static_cast<int16_t>(absl::GetFlag(FLAGS_replication_factor));
  options.topic_prefix = absl::GetFlag(FLAGS_topic_prefix);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.min_free_disk_bytes = absl::GetFlag(FLAGS_min_free_disk_mb) << 20;
  options.store_sync = absl::GetFlag(FLAGS_store_sync);
  options.fact_key_file = absl::GetFlag(FLAGS_fact_key_file);
  options.checkpoint_key_file = absl::GetFlag(FLAGS_checkpoint_key_file);
  options.insecure_plaintext_listen = absl::GetFlag(FLAGS_insecure_plaintext_listen);
  options.audit_scratch_dir = absl::GetFlag(FLAGS_audit_scratch_dir);
  if (options.audit_scratch_dir.empty() && !options.data_dir.empty()) {
    options.audit_scratch_dir = options.data_dir + "/audit-scratch";
  }
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  auto level = log::ParseLevel(absl::GetFlag(FLAGS_log_level));
  if (!level.ok()) return level.status();
  options.log_level = *level;
  const std::string clock_start = absl::GetFlag(FLAGS_clock_start);
  if (!clock_start.empty()) {
    auto start = clock::ParseInstant(clock_start);
    if (!start.ok()) return start.status();
    options.clock_start = *start;
  }
  options.token_file = absl::GetFlag(FLAGS_token_file);
  const std::string cert = absl::GetFlag(FLAGS_tls_cert);
  const std::string key = absl::GetFlag(FLAGS_tls_key);
  const std::string client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  if (!cert.empty() || !key.empty() || !client_ca.empty()) {
    if (cert.empty() || key.empty() || client_ca.empty()) {
      return absl::InvalidArgumentError(
          "mutual TLS needs --tls_cert, --tls_key and --tls_client_ca");
    }
    options.tls = rpc::TlsFiles{cert, key, client_ca};
  }
  options.shared_data_dir = absl::GetFlag(FLAGS_shared_data);
  options.bootstrap_peers =
      absl::StrSplit(absl::GetFlag(FLAGS_bootstrap_peers), ',', absl::SkipEmpty());
  options.bootstrap_credentials = {
      .token_file = absl::GetFlag(FLAGS_bootstrap_token_file),
      .tls_cert = absl::GetFlag(FLAGS_bootstrap_tls_cert),
      .tls_key = absl::GetFlag(FLAGS_bootstrap_tls_key),
      .tls_ca = absl::GetFlag(FLAGS_bootstrap_tls_ca),
  };
  options.bootstrap_timeout = absl::GetFlag(FLAGS_bootstrap_timeout);
  return options;
}

}  // namespace stem::service
