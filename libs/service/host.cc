#include "libs/service/host.h"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "libs/clock_service/clock_service.h"
#include "libs/common/build_info.h"
#include "libs/common/check.h"
#include "libs/common/error.h"
#include "libs/common/log.h"
#include "libs/common/shared_data.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/eventlog/kafka_event_log.h"
#include "libs/metrics/metrics_server.h"
#include "libs/rpc/addresses.h"
#include "libs/rpc/certificate_authenticator.h"
#include "libs/rpc/reloading_authenticator.h"
#include "libs/service/fact_key_currency.h"
#include "libs/service/fact_stream_service.h"
#include "libs/service/projection_service.h"

namespace stem::service {
namespace {

// How often Serve looks whether the token file changed.
constexpr absl::Duration kCredentialPollInterval = absl::Seconds(2);

absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLog(const HostOptions& options) {
  if (options.log == "embedded") {
    return eventlog::OpenEmbeddedEventLog({options.data_dir + "/log", /*sync=*/true});
  }
  if (options.log == "kafka") {
    if (options.kafka_bootstrap.empty()) {
      return absl::InvalidArgumentError("--log=kafka needs --kafka_bootstrap");
    }
    eventlog::KafkaOptions kafka;
    kafka.bootstrap_servers = options.kafka_bootstrap;
    kafka.transactional_id = options.kafka_transactional_id;
    kafka.extra = options.kafka_config;
    return eventlog::OpenKafkaEventLog(kafka);
  }
  return absl::InvalidArgumentError("--log is embedded or kafka, not " + options.log);
}

// `reloader`: the token file's authenticator, which Serve reloads (null with TLS).
absl::StatusOr<std::unique_ptr<rpc::Authenticator>> OpenAuthenticator(
    const HostOptions& options, rpc::ReloadingTokenAuthenticator** reloader) {
  *reloader = nullptr;
  if (options.tls) return std::unique_ptr<rpc::Authenticator>(new rpc::CertificateAuthenticator);
  if (options.token_file.empty()) {
    return absl::InvalidArgumentError(
        "callers must be identified: give --token_file, or --tls_cert, --tls_key and "
        "--tls_client_ca");
  }
  auto tokens = rpc::ReloadingTokenAuthenticator::Load(options.token_file);
  if (!tokens.ok()) return tokens.status();
  *reloader = tokens->get();
  return std::unique_ptr<rpc::Authenticator>(std::move(*tokens));
}

// Every refusal is counted and logged, rate-limited, whichever way callers prove who they are.
absl::StatusOr<std::unique_ptr<rpc::Authenticator>> OpenCountingAuthenticator(
    const HostOptions& options, rpc::ReloadingTokenAuthenticator** reloader) {
  auto inner = OpenAuthenticator(options, reloader);
  if (!inner.ok()) return inner.status();
  return std::unique_ptr<rpc::Authenticator>(
      std::make_unique<rpc::CountingAuthenticator>(*std::move(inner)));
}

void Log(const std::string& line) { log::Info(line); }
void LogWarning(const std::string& line) { log::Warning(line); }
void LogError(const std::string& line) { log::Error(line); }

// Errors after which opening the log again may succeed: the brokers are away or busy.
bool MayPassByItself(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) || absl::IsAborted(status);
}

rpc::ServerOptions ServerOptionsOf(const HostOptions& options) {
  rpc::ServerOptions server;
  server.listen_address = options.listen_address;
  server.tls = options.tls;
  server.allow_plaintext_off_loopback = options.insecure_plaintext_listen;
  return server;
}

// The log with the suite's topics. On Kafka, while the brokers are away, it waits and tries
// again with a growing backoff (up to options.kafka_start_wait), answering health checks
// NOT_SERVING meanwhile, so that an orchestrator sees a replica that is starting, not a crash.
absl::StatusOr<std::unique_ptr<eventlog::EventLog>> OpenLogWithTopics(
    const HostOptions& options, const std::vector<eventlog::TopicSpec>& specs) {
  const absl::Time give_up = absl::Now() + options.kafka_start_wait;
  absl::Duration backoff = absl::Milliseconds(500);
  std::unique_ptr<rpc::Server> waiting;  // health only, while the log is away
  while (true) {
    absl::StatusOr<std::unique_ptr<eventlog::EventLog>> log = OpenLog(options);
    absl::Status status = log.status();
    if (log.ok()) {
      status = (*log)->EnsureTopics(specs);
      if (status.ok()) return log;
    }
    if (options.log != "kafka" || !MayPassByItself(status) || absl::Now() + backoff > give_up) {
      return status;
    }
    Log("waiting for Kafka (" + DescribeError(status) + "), next try in " +
        absl::FormatDuration(backoff));
    if (waiting == nullptr) {
      auto server = rpc::Server::Start(ServerOptionsOf(options), {}, {});
      if (server.ok()) waiting = *std::move(server);
    }
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(10));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Host>> Host::Open(const HostOptions& options) {
  if (options.data_dir.empty()) return absl::InvalidArgumentError("--data_dir is required");
  // SIGHUP reloads the credentials (Serve takes it with sigwait); blocked before the log,
  // the stores and gRPC start their threads, which inherit the mask, so that it never
  // reaches one of them and ends the process.
  sigset_t reload;
  sigemptyset(&reload);
  sigaddset(&reload, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &reload, nullptr);
  log::SetLevel(options.log_level);
  metrics::ProcessRegistry()
      .AddGauge("stem_build_info", "The build: 1, labelled with its version and commit",
                {"version", "commit"})
      .With({BuildVersion(), BuildCommit()})
      .Set(1);
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error)
    return absl::InternalError("cannot create " + options.data_dir + ": " + error.message());

  // Refused before anything is opened, not after the projections caught up.
  if (absl::Status listen = rpc::CheckPlaintextListen(
          options.listen_address, options.tls.has_value(), options.insecure_plaintext_listen);
      !listen.ok()) {
    return listen;
  }
  std::unique_ptr<Host> host(new Host);
  host->options_ = options;
  host->topics_ = Topics::WithPrefix(options.topic_prefix);
  auto log = OpenLogWithTopics(options,
                               host->topics_.Specs(options.partitions, options.replication_factor));
  if (!log.ok()) return log.status();
  host->log_ = std::move(*log);
  auto clock = clock::ClockControl::Create(
      {options.clock_start, options.clock_start ? options.data_dir + "/clock" : ""});
  if (!clock.ok()) return clock.status();
  host->clock_ = std::move(*clock);
  if (!options.fact_key_file.empty()) {
    auto keys = events::FactKeyRing::Load(options.fact_key_file);
    if (!keys.ok()) return keys.status();
    host->fact_keys_ = *std::move(keys);
    host->fact_rules_.SetKeys(&*host->fact_keys_);
  } else {
    LogWarning(
        "no --fact_key_file: facts are written without their keyed proof, and a "
        "forged fact cannot be told from a real one (rulebook section 9)");
  }
  if (!options.checkpoint_key_file.empty()) {
    auto signer = transparency::CheckpointSigner::Load(options.checkpoint_key_file);
    if (!signer.ok()) return signer.status();
    host->checkpoint_signer_ = *std::move(signer);
  }
  auto authenticator = OpenCountingAuthenticator(options, &host->token_reloader_);
  if (!authenticator.ok()) return authenticator.status();
  host->authenticator_ = std::move(*authenticator);
  if (!options.bootstrap_peers.empty()) {
    absl::StatusOr<rpc::ClientCredentials> credentials =
        rpc::LoadClientCredentials(options.bootstrap_credentials);
    if (!credentials.ok()) return credentials.status();
    host->bootstrap_ = BootstrapOptions{.peers = options.bootstrap_peers,
                                        .credentials = *std::move(credentials),
                                        .allow_plaintext_token = options.insecure_plaintext_listen,
                                        .timeout = options.bootstrap_timeout};
  }
  auto municipalities = domain::MunicipalityRegistry::Load(
      options.shared_data_dir.empty() ? DefaultSharedDataDir() : options.shared_data_dir);
  if (!municipalities.ok()) return municipalities.status();
  host->municipalities_ = std::move(*municipalities);
  return host;
}

Host::~Host() = default;

std::string Host::checkpoint_origin() const {
  return options_.topic_prefix.empty() ? "stem-academies.vlaio.be"
                                       : "stem-academies.vlaio.be/" + options_.topic_prefix;
}

absl::StatusOr<std::unique_ptr<ServiceRuntime>> Host::StartRuntime(const std::string& name,
                                                                   projection::Projector& projector,
                                                                   const std::string& group) {
  RuntimeOptions options;
  options.store_path = options_.data_dir + "/" + name;
  options.name = group.empty() ? name : absl::StrCat(name, "/", group);
  options.store.min_free_bytes = options_.min_free_disk_bytes;
  options.store.sync = options_.store_sync;
  if (!group.empty()) {
    options.runner.group_id = options_.topic_prefix + group;
    options.runner.group_instance_id = options_.kafka_transactional_id;
  } else if (bootstrap_.has_value() && !std::filesystem::exists(options.store_path)) {
    BootstrapFromPeers(name, StoreVersionOf(projector), options.store_path);
  }
  absl::StatusOr<std::unique_ptr<ServiceRuntime>> runtime =
      ServiceRuntime::Start(*log_, clock(), projector, upcasters_, fact_rules_, options);
  if (!runtime.ok()) return runtime.status();
  STEM_CHECK(runtimes_.emplace(name, runtime->get()).second, "two runtimes with one store name");
  (*runtime)->HoldQueriesUntilCaughtUp();
  if (group.empty()) read_models_.emplace(name, runtime->get());
  return runtime;
}

void Host::BootstrapFromPeers(const std::string& name, const std::string& store_version,
                              const std::string& store_path) {
  // Health answers NOT_SERVING meanwhile, as while the log is away.
  auto waiting = rpc::Server::Start(ServerOptionsOf(options_), {}, {});
  const absl::Time start = absl::Now();
  absl::StatusOr<BootstrapResult> result =
      BootstrapStore(*bootstrap_, name, store_version, store_path);
  if (!result.ok()) {
    Log("checkpoint bootstrap of " + name +
        " failed, replaying the log instead: " + DescribeError(result.status()));
    return;
  }
  Log(absl::StrCat("store ", name, " bootstrapped from ", result->peer, " in ",
                   absl::FormatDuration(absl::Now() - start), ": ", result->files, " files, ",
                   result->bytes >> 20, " MiB, checksum ", result->digest.checksum));
}

void Host::ReloadCredentials(const std::string& why) {
  if (token_reloader_ == nullptr) {
    LogWarning(why + ": nothing to reload (TLS certificates are read at start only)");
    return;
  }
  if (absl::Status reloaded = token_reloader_->Reload(); !reloaded.ok()) {
    LogError(why + ": the token file was not reloaded, the previous tokens stay in force: " +
             DescribeError(reloaded));
    return;
  }
  Log(why + ": reloaded the token file " + options_.token_file);
}

void Host::PollCredentials() {
  if (token_reloader_ == nullptr) return;
  if (absl::Status polled = token_reloader_->PollForChange(); !polled.ok()) {
    LogError("the token file changed but was not reloaded, the previous tokens stay in force: " +
             DescribeError(polled));
  }
}

int Host::Serve(const std::vector<ServedService>& served) {
  const std::map<std::string, ServiceRuntime*>& runtimes = runtimes_;
  std::vector<grpc::Service*> services;
  std::vector<std::string> health_names;
  for (const ServedService& service : served) {
    services.push_back(service.service);
    health_names.push_back(service.health_name);
  }
  // Signals are taken by sigwait below, not by handlers in whatever thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Not a stop: reload the credentials (ReloadCredentials).
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  clock_service::ClockServiceImpl clock_service(*clock_, *authenticator_);
  auto exporter = CheckpointExporter::Create(options_.data_dir + "/checkpoint-export");
  if (!exporter.ok()) {
    LogError("cannot serve: " + DescribeError(exporter.status()));
    return 1;
  }
  ProjectionServiceImpl projection_service(runtimes, read_models_, **exporter, *authenticator_);
  FactStreamServiceImpl fact_stream(*log_, topics_, read_models_, upcasters_, *authenticator_);
  std::vector<grpc::Service*> all = services;
  all.push_back(&clock_service);
  all.push_back(&projection_service);
  all.push_back(&fact_stream);
  std::unique_ptr<metrics::MetricsServer> metrics_server;
  if (!options_.metrics_listen.empty()) {
    auto started =
        metrics::MetricsServer::Start(options_.metrics_listen, &metrics::ProcessRegistry());
    if (!started.ok()) {
      LogError("cannot serve: " + std::string(started.status().message()));
      return 1;
    }
    metrics_server = std::move(*started);
    log::Info("metrics on port " + std::to_string(metrics_server->port()),
              {{"port", metrics_server->port()}});
  }
  auto server = rpc::Server::Start(ServerOptionsOf(options_), all, health_names);
  if (!server.ok()) {
    LogError("cannot serve: " + std::string(server.status().message()));
    return 1;
  }
  log::Info("listening on port " + std::to_string((*server)->port()),
            {{"port", (*server)->port()}, {"version", BuildVersion()}, {"commit", BuildCommit()}});

  std::atomic<bool> stopping{false};
  std::thread readiness([&] {
    // Not ready until every projection has caught up; a projection that stopped (the store
    // refused a write, the log cannot be read) keeps the process NOT_SERVING until it runs
    // again, and says why once.
    bool serving = false;
    bool caught_up = false;
    absl::Time next_credential_poll = absl::Now() + kCredentialPollInterval;
    std::map<std::string, bool> reported;
    while (!stopping) {
      bool healthy = true;
      for (const auto& [name, runtime] : runtimes) {
        absl::Status health = runtime->projection().Health();
        if (!health.ok()) {
          if (!reported[name]) {
            LogWarning(name + " projection stopped, retrying: " + std::string(health.message()));
          }
          reported[name] = true;
          healthy = false;
        } else if (reported[name]) {
          Log(name + " projection runs again");
          reported[name] = false;
        }
      }
      if (healthy && !caught_up) {
        caught_up = true;
        for (const auto& [name, runtime] : runtimes) {
          // A runtime rebuilding its store for a new projector version answers queries from
          // the old one but refuses commands: not ready until it has switched.
          const bool at_the_end =
              runtime->projection().WaitForAllTopics(absl::Now() + absl::Seconds(1)).ok();
          // From here on it answers with the whole state (or from its older store).
          if (at_the_end || runtime->rebuilding()) runtime->AdmitQueries();
          if (!at_the_end || runtime->rebuilding()) {
            if (runtime->rebuilding() && !reported[name + " rebuild"]) {
              Log(name +
                  ": rebuilding its store for a new projector version (queries answer "
                  "from the previous store meanwhile)");
              reported[name + " rebuild"] = true;
            }
            caught_up = false;
            break;
          }
        }
        // Facts are signed with the newest key only once the log says so, in every
        // partition; a replica that cannot say it yet is not ready.
        for (const auto& [name, runtime] : runtimes) {
          if (!caught_up || runtime->writes_topic().empty()) continue;
          absl::Status announced = AnnounceFactKey(runtime->commands(), runtime->writes_topic(),
                                                   absl::Now() + absl::Seconds(10));
          if (!announced.ok()) {
            if (!reported[name + " key"]) {
              Log(name + ": cannot make the newest fact key current yet, retrying: " +
                  std::string(announced.message()));
            }
            reported[name + " key"] = true;
            caught_up = false;
          }
        }
      }
      const bool ready = healthy && caught_up;
      if (ready != serving) {
        (*server)->SetServing(ready);
        serving = ready;
        if (serving) Log("ready: caught up with the log");
      }
      // An edited or replaced token file takes effect within seconds, without a signal.
      if (absl::Now() >= next_credential_poll) {
        PollCredentials();
        next_credential_poll = absl::Now() + kCredentialPollInterval;
      }
      // Until ready, often: a new replica should take traffic as soon as it can.
      std::this_thread::sleep_for(std::chrono::milliseconds(serving ? 200 : 20));
    }
  });

  int signal = 0;
  while (sigwait(&stop_signals, &signal) == 0 && signal == SIGHUP) ReloadCredentials("SIGHUP");
  Log("stopping on signal " + std::to_string(signal));
  stopping = true;
  readiness.join();
  (*server)->SetServing(false);
  (*server)->Shutdown(absl::Now() + absl::Seconds(10));
  return 0;
}

}  // namespace stem::service
