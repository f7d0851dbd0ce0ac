// A service executable (stem-activity, stem-recognition, ...) run by a test as a child
// process, reached the way clients reach it: over gRPC on loopback.
//
// Each run listens on a port of its own (--listen=127.0.0.1:0; the port is read from the
// "listening on port N" line it prints), so a restart never waits for the old port. The
// child's stdout and stderr go to one log file, appended run after run, for the post-mortem.
// The child dies with the thread that started it (PR_SET_PDEATHSIG), so a test that
// crashes leaves no service behind; start and restart children from the test's main thread.
#ifndef STEM_TESTS_INTEGRATION_SERVICE_PROCESS_H_
#define STEM_TESTS_INTEGRATION_SERVICE_PROCESS_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace stem::integration {

struct ServiceProcessOptions {
  std::string executable;
  // Every flag but --listen, e.g. "--data_dir=/tmp/x". A restart passes the same flags.
  std::vector<std::string> flags;
  // The service name whose grpc.health.v1 status tells that the process is ready.
  std::string health_name;
  std::string log_path;
};

class ServiceProcess {
 public:
  explicit ServiceProcess(ServiceProcessOptions options) : options_(std::move(options)) {}
  // SIGKILLs a child that still runs.
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  // Starts a run (the previous one must have ended) without waiting for anything: a test
  // may kill it while it opens its log and store.
  void Launch();
  // Until the run launched last listens; it may not serve yet. Fails when it exits first or
  // `deadline` passes (the child is killed then).
  absl::Status WaitListening(absl::Time deadline);
  // Launch and WaitListening.
  absl::Status Start(absl::Time deadline);
  // Until the health status of options.health_name is SERVING (the service caught up with
  // the log). Fails when the child exits first.
  absl::Status WaitServing(absl::Time deadline);
  absl::Status StartServing(absl::Time deadline);

  // SIGKILL, and reap the child.
  void Kill();
  // Sends `signal` (e.g. SIGHUP) to the running child without waiting for anything.
  void Signal(int signal);
  // Closes the channel (callers must hold none), sends SIGTERM and waits for the exit;
  // SIGKILL at `deadline` (DEADLINE_EXCEEDED). Returns the exit code (128 + signal when a
  // signal ended it).
  absl::StatusOr<int> Terminate(absl::Time deadline);

  // A channel to the current run; safe to call from any thread while the test restarts the
  // child (a caller then gets UNAVAILABLE from the dead run and asks again).
  std::shared_ptr<grpc::Channel> Channel() const;
  // "127.0.0.1:<port>" of the current run, for clients started by the test (empty before it
  // listens).
  std::string Address() const;
  // Whether the child still runs (reaps it when it ended).
  bool Running();
  int runs() const { return runs_; }
  // The threads of the current run (from /proc), 0 when it does not run.
  int ThreadCount() const;
  // The exit code of the last run that ended (128 + signal when a signal ended it); -1
  // before any.
  int last_exit_code() const { return last_exit_code_; }
  // The last lines the child printed, for failure messages.
  std::string LogTail(int lines = 30) const;

 private:
  // Waits for the exit of the current child and returns its exit code; -1 while it still
  // runs (options WNOHANG).
  int Reap(int options);

  const ServiceProcessOptions options_;
  pid_t pid_ = 0;
  int64_t log_offset_ = 0;  // where the current run's output begins
  int runs_ = 0;
  int last_exit_code_ = -1;
  mutable std::mutex mu_;
  std::shared_ptr<grpc::Channel> channel_;  // guarded by mu_
  std::string address_;                     // guarded by mu_
};

// A client context with `token` as bearer token and a deadline `timeout` from now.
std::unique_ptr<grpc::ClientContext> CallAs(const std::string& token, absl::Duration timeout);

// The health status of `service` (grpc.health.v1): SERVING, NOT_SERVING, ... as the
// response enum's name, or the error of the call.
absl::StatusOr<std::string> HealthOf(const std::shared_ptr<grpc::Channel>& channel,
                                     const std::string& service);

// Writes `text` to `path` (fails the process on error: a test cannot go on without it).
void WriteFile(const std::string& path, const std::string& text);
// The whole file ("" when it cannot be read), e.g. a child's log.
std::string ReadAll(const std::string& path);

// An unsigned number from the environment, or `fallback` when unset.
uint64_t EnvOr(const char* name, uint64_t fallback);

}  // namespace stem::integration

#endif  // STEM_TESTS_INTEGRATION_SERVICE_PROCESS_H_
