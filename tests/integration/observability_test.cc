// What an operator and an integrator observe of a real stem-recognition (embedded log, no
// broker): its Prometheus endpoint after commands (checked by `promtool check metrics`, at
// $STEM_PROMTOOL, which CTest's wrapper installs), one JSON access-log line per RPC with the
// caller's W3C trace, the trace carried into the fact as its correlation id, and a second
// process refused the metrics port the first one holds.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "libs/common/testing/temp_dir.h"
#include "libs/eventlog/embedded_event_log.h"
#include "libs/rpc/status.h"
#include "stem/events/v1/envelope.pb.h"
#include "stem/recognition/v1/recognition_service.grpc.pb.h"
#include "tests/integration/kafka_test_util.h"
#include "tests/integration/process_test_util.h"
#include "tests/integration/service_process.h"

namespace stem::integration {
namespace {

using ::testing::HasSubstr;

constexpr char kRecognitionService[] = "stem.recognition.v1.RecognitionService";
constexpr absl::Duration kPatience = absl::Seconds(30);
constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// The port after `prefix` in the process's log, 0 when not there yet.
int PortAfter(const std::string& log, const std::string& prefix) {
  const size_t at = log.find(prefix);
  return at == std::string::npos ? 0 : std::atoi(log.c_str() + at + prefix.size());
}

// GET /metrics over plain HTTP/1.0 on loopback: the body, or "" when it failed.
std::string Scrape(int port) {
  const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  const std::string request = "GET /metrics HTTP/1.0\r\n\r\n";
  if (connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      write(socket_fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
    char buffer[8192];
    ssize_t read_bytes;
    while ((read_bytes = read(socket_fd, buffer, sizeof buffer)) > 0) {
      response.append(buffer, static_cast<size_t>(read_bytes));
    }
  }
  close(socket_fd);
  const size_t body = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || body == std::string::npos) return "";
  return response.substr(body + 4);
}

class ObservabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Sub("tokens"), TokenFileText({"0123456749"}));
    recognition_ = std::make_unique<ServiceProcess>(
        ServiceProcessOptions{STEM_RECOGNITION_BIN,
                              EmbeddedFlags(dir_.Sub("data"), dir_.Sub("tokens"),
                                            {"--metrics_listen=127.0.0.1:0", "--log_level=debug"}),
                              kRecognitionService, dir_.Sub("recognition.log")});
    ASSERT_TRUE(recognition_->StartServing(absl::Now() + kPatience).ok())
        << recognition_->LogTail();
    metrics_port_ = PortAfter(ReadAll(dir_.Sub("recognition.log")), "metrics on port ");
    ASSERT_GT(metrics_port_, 0) << recognition_->LogTail();
  }

  // The exposition once `wanted` is in it (the projection applies facts a moment after the
  // command's answer), or the last one scraped.
  std::string ScrapeUntil(const std::string& wanted) {
    std::string exposition;
    for (absl::Time deadline = absl::Now() + kPatience; absl::Now() < deadline;) {
      exposition = Scrape(metrics_port_);
      if (exposition.find(wanted) != std::string::npos) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return exposition;
  }

  stem::testing::TempDir dir_;
  std::unique_ptr<ServiceProcess> recognition_;
  int metrics_port_ = 0;
};

TEST_F(ObservabilityTest, ACommandIsCountedLoggedAndCarriesTheCallersTrace) {
  auto stub = recognition::v1::RecognitionService::NewStub(recognition_->Channel());
  recognition::v1::SubmitApplicationRequest submit = ApplicationFor("0123456749");
  recognition::v1::SubmitApplicationResponse submitted;
  auto traced = CallAs("officer", kPatience);
  traced->AddMetadata("traceparent", kTraceparent);
  const absl::Status accepted =
      rpc::FromGrpcStatus(stub->SubmitApplication(traced.get(), submit, &submitted));
  ASSERT_TRUE(accepted.ok()) << accepted;
  // An academy acting for another: refused for the caller's own fault.
  recognition::v1::SubmitApplicationRequest foreign = ApplicationFor("0200000043");
  foreign.set_request_id("foreign-submit");
  const absl::Status refused = rpc::FromGrpcStatus(
      stub->SubmitApplication(CallAs("academy-0123456749", kPatience).get(), foreign, &submitted));
  ASSERT_EQ(refused.code(), absl::StatusCode::kPermissionDenied) << refused;

  const std::string exposition =
      ScrapeUntil("stem_projection_facts_applied_total{projection=\"recognition\"} 1\n");
  EXPECT_THAT(
      exposition,
      HasSubstr("stem_rpc_requests_total{grpc_service=\"stem.recognition.v1."
                "RecognitionService\",grpc_method=\"SubmitApplication\",grpc_code=\"OK\"} 1\n"));
  EXPECT_THAT(exposition,
              HasSubstr("grpc_method=\"SubmitApplication\",grpc_code=\"PERMISSION_DENIED\"} 1\n"));
  EXPECT_THAT(exposition, HasSubstr("stem_projection_facts_applied_total{projection="
                                    "\"recognition\"} 1\n"));
  EXPECT_THAT(exposition, HasSubstr("stem_projection_lag_records{projection=\"recognition\""));
  EXPECT_THAT(exposition, HasSubstr("stem_rpc_duration_seconds_bucket{grpc_service="));
  EXPECT_THAT(exposition, HasSubstr("stem_build_info{version=\""));
  // The command's one append to the log.
  EXPECT_THAT(exposition, HasSubstr("stem_log_append_duration_seconds_count 1\n"));

  // Prometheus's own checker: the text format and its naming conventions.
  const char* promtool = std::getenv("STEM_PROMTOOL");
  ASSERT_NE(promtool, nullptr) << "run through tests/integration/with-promtool.sh";
  WriteFile(dir_.Sub("metrics.txt"), exposition);
  const auto [checked, said] =
      RunToEnd(promtool, {"check", "metrics", "<", dir_.Sub("metrics.txt")});
  EXPECT_EQ(checked, 0) << said;

  ASSERT_EQ(recognition_->Terminate(absl::Now() + kPatience).value_or(-1), 0);
  // One JSON line per RPC: the command with the caller's trace, request id and role.
  const std::string log = ReadAll(dir_.Sub("recognition.log"));
  std::istringstream lines(log);
  std::string line;
  int traced_lines = 0;
  int refused_lines = 0;
  int spans = 0;
  while (std::getline(lines, line)) {
    ASSERT_TRUE(line.front() == '{' && line.back() == '}') << line;
    // At debug level, the command's span: its stages, under the caller's trace.
    if (line.find("\"message\":\"command span\"") != std::string::npos) {
      ++spans;
      EXPECT_THAT(line, HasSubstr("\"request_id\":\"" + submit.request_id() + "\""));
      EXPECT_THAT(line, HasSubstr("\"correlation_id\":\"" + std::string(kTraceId) + "\""));
      EXPECT_THAT(line, HasSubstr("\"attempts\":1,\"freshness_ms\":"));
      EXPECT_THAT(line, HasSubstr("\"append_ms\":"));
      EXPECT_THAT(line, HasSubstr("\"status\":\"OK\"}"));
    }
    if (line.find("\"message\":\"rpc\"") == std::string::npos) continue;
    EXPECT_THAT(line, HasSubstr("\"trace_id\":\""));
    EXPECT_EQ(line.find("Bearer"), std::string::npos) << line;
    if (line.find(kTraceId) != std::string::npos) {
      ++traced_lines;
      EXPECT_THAT(line, HasSubstr("\"method\":\"SubmitApplication\",\"code\":\"OK\""));
      EXPECT_THAT(line, HasSubstr("\"role\":\"OFFICER\",\"principal\":\"officer@vlaio.be\""));
      EXPECT_THAT(line, HasSubstr("\"request_id\":\"" + submit.request_id() + "\""));
      EXPECT_THAT(line, HasSubstr("\"parent_id\":\"00f067aa0ba902b7\""));
    }
    if (line.find("foreign-submit") != std::string::npos) {
      ++refused_lines;
      EXPECT_THAT(line, HasSubstr("\"code\":\"PERMISSION_DENIED\",\"reason\":\"NOT_OWN_ACADEMY\""));
    }
  }
  EXPECT_EQ(traced_lines, 1) << log;
  EXPECT_EQ(refused_lines, 1) << log;
  EXPECT_EQ(spans, 1) << log;  // the refused call never reached the command path

  // The fact carries the caller's trace as its correlation id.
  auto events = eventlog::OpenEmbeddedEventLog({dir_.Sub("data") + "/log", /*sync=*/false});
  ASSERT_TRUE(events.ok()) << events.status();
  int correlated = 0;
  for (const eventlog::Record& record :
       eventlog::kafka_testing::ReadEverything(**events, "stem.recognition.events")) {
    events::v1::EventEnvelope event;
    ASSERT_TRUE(event.ParseFromString(record.value));
    if (event.request_id() != submit.request_id()) continue;
    EXPECT_EQ(event.correlation_id(), kTraceId);
    ++correlated;
  }
  EXPECT_EQ(correlated, 1);
}

TEST_F(ObservabilityTest, ASecondProcessCannotTakeTheMetricsPort) {
  ServiceProcess second(ServiceProcessOptions{
      STEM_RECOGNITION_BIN,
      EmbeddedFlags(dir_.Sub("second"), dir_.Sub("tokens"),
                    {"--metrics_listen=127.0.0.1:" + std::to_string(metrics_port_)}),
      kRecognitionService, dir_.Sub("second.log")});
  second.Launch();
  for (absl::Time deadline = absl::Now() + kPatience; second.Running() && absl::Now() < deadline;) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_FALSE(second.Running()) << second.LogTail();
  EXPECT_NE(second.last_exit_code(), 0);
  EXPECT_THAT(ReadAll(dir_.Sub("second.log")), HasSubstr("another process"));
  // The first one still serves its metrics.
  EXPECT_THAT(Scrape(metrics_port_), HasSubstr("stem_build_info"));
}

}  // namespace
}  // namespace stem::integration
