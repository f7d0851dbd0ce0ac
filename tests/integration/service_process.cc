#include "tests/integration/service_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/common/check.h"
#include "libs/rpc/testing/test_tokens.h"

namespace stem::integration {
namespace {

constexpr char kListening[] = "listening on port ";
constexpr absl::Duration kPollInterval = absl::Milliseconds(20);

void Pause() { std::this_thread::sleep_for(absl::ToChronoMilliseconds(kPollInterval)); }

int64_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<int64_t>(in.tellg()) : 0;
}

std::string ReadFrom(const std::string& path, int64_t offset) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(offset);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The port a run printed (after `offset` in its log), or 0 while it has not.
int ListeningPort(const std::string& path, int64_t offset) {
  const std::string text = ReadFrom(path, offset);
  const size_t at = text.find(kListening);
  if (at == std::string::npos) return 0;
  const size_t digits = at + std::strlen(kListening);
  const size_t end = text.find('\n', digits);
  if (end == std::string::npos) return 0;  // the line is still being written
  return std::atoi(text.substr(digits, end - digits).c_str());
}

// fork + exec rather than posix_spawn: the child must ask to die with its parent before it
// runs the service (prctl), and must not inherit the test thread's blocked signals.
pid_t Spawn(const std::string& executable, const std::vector<std::string>& args,
            const std::string& log_path) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(executable.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  STEM_CHECK(log_fd >= 0, "open the service's log file");
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  STEM_CHECK(pid >= 0, "fork");
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);  // the parent died before prctl
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(executable.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  return pid;
}

}  // namespace

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) Kill();
}

void ServiceProcess::Launch() {
  STEM_CHECK(pid_ == 0, "Launch while a run is alive");
  std::vector<std::string> args = options_.flags;
  args.push_back("--listen=127.0.0.1:0");
  log_offset_ = FileSize(options_.log_path);
  pid_ = Spawn(options_.executable, args, options_.log_path);
  ++runs_;
}

absl::Status ServiceProcess::Start(absl::Time deadline) {
  Launch();
  return WaitListening(deadline);
}

absl::Status ServiceProcess::WaitListening(absl::Time deadline) {
  while (true) {
    if (const int port = ListeningPort(options_.log_path, log_offset_); port > 0) {
      std::lock_guard<std::mutex> lock(mu_);
      address_ = "127.0.0.1:" + std::to_string(port);
      channel_ = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
      return absl::OkStatus();
    }
    if (!Running()) {
      return absl::InternalError(options_.executable + " exited before it listened:\n" + LogTail());
    }
    if (absl::Now() > deadline) {
      Kill();
      return absl::DeadlineExceededError(options_.executable + " did not listen in time:\n" +
                                         LogTail());
    }
    Pause();
  }
}

absl::Status ServiceProcess::WaitServing(absl::Time deadline) {
  std::string last = "no answer";
  while (true) {
    if (!Running()) {
      return absl::InternalError(options_.executable + " exited before it served:\n" + LogTail());
    }
    auto health = HealthOf(Channel(), options_.health_name);
    if (health.ok() && *health == "SERVING") return absl::OkStatus();
    last = health.ok() ? *health : health.status().ToString();
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(options_.executable + " not SERVING (" + last +
                                         ") in time:\n" + LogTail());
    }
    Pause();
  }
}

absl::Status ServiceProcess::StartServing(absl::Time deadline) {
  if (absl::Status started = Start(deadline); !started.ok()) return started;
  return WaitServing(deadline);
}

void ServiceProcess::Signal(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

void ServiceProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);  // an exited child stays a zombie until reaped: the pid is ours
  Reap(0);
}

absl::StatusOr<int> ServiceProcess::Terminate(absl::Time deadline) {
  if (pid_ <= 0) return absl::FailedPreconditionError("the service does not run");
  {
    // A graceful stop waits for connected clients to hang up after its GOAWAY, which an
    // idle client channel notices only seconds later: hang up first.
    std::lock_guard<std::mutex> lock(mu_);
    channel_.reset();
  }
  ::kill(pid_, SIGTERM);
  while (absl::Now() < deadline) {
    if (const int code = Reap(WNOHANG); code >= 0) return code;
    Pause();
  }
  Kill();
  return absl::DeadlineExceededError(options_.executable + " ignored SIGTERM:\n" + LogTail());
}

int ServiceProcess::Reap(int options) {
  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(pid_, &status, options);
  } while (waited < 0 && errno == EINTR);
  if (waited == 0) return -1;  // still running (WNOHANG)
  STEM_CHECK(waited == pid_, "waitpid on our own child");
  pid_ = 0;
  last_exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return last_exit_code_;
}

bool ServiceProcess::Running() { return pid_ > 0 && Reap(WNOHANG) < 0; }

std::shared_ptr<grpc::Channel> ServiceProcess::Channel() const {
  std::lock_guard<std::mutex> lock(mu_);
  STEM_CHECK(channel_ != nullptr, "Channel before Start or after Terminate");
  return channel_;
}

std::string ServiceProcess::Address() const {
  std::lock_guard<std::mutex> lock(mu_);
  return address_;
}

std::string ServiceProcess::LogTail(int lines) const {
  const std::string text = ReadFrom(options_.log_path, 0);
  size_t at = text.size();
  for (int i = 0; i <= lines && at != std::string::npos && at > 0; ++i) {
    at = text.rfind('\n', at - 1);
  }
  return at == std::string::npos ? text : text.substr(at + 1);
}

std::unique_ptr<grpc::ClientContext> CallAs(const std::string& token, absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + rpc::testing::TestToken(token));
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

absl::StatusOr<std::string> HealthOf(const std::shared_ptr<grpc::Channel>& channel,
                                     const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  auto context = CallAs("", absl::Seconds(2));
  const grpc::Status status = stub->Check(context.get(), request, &response);
  if (!status.ok()) {
    return absl::UnavailableError("health check: " + status.error_message());
  }
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

int ServiceProcess::ThreadCount() const {
  if (pid_ <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  }
  return 0;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  STEM_CHECK(out.good(), "write a test file");
  // Owner only: the services refuse a token file others may read.
  STEM_CHECK(::chmod(path.c_str(), S_IRUSR | S_IWUSR) == 0, "chmod a test file");
}

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

}  // namespace stem::integration
