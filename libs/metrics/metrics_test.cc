// The registry's text exposition (format 0.0.4) and the HTTP endpoint that serves it.
#include "libs/metrics/metrics.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "libs/metrics/metrics_server.h"

namespace stem::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CountersAndGaugesAreExposedWithEscapedLabels) {
  Registry registry;
  auto& requests =
      registry.AddCounter("stem_test_requests_total", "Requests\nby \\ method", {"method", "code"});
  requests.With({"Submit", "OK"}).Increment();
  requests.With({"Submit", "OK"}).Increment(2);
  requests.With({"odd \"quoted\"\nvalue\\", "INTERNAL"}).Increment();
  requests.With({"Submit", "OK"}).Increment(-5);  // a counter never goes down
  registry.AddGauge("stem_test_lag", "Lag").With({}).Set(1.5);

  const std::string text = registry.Expose();
  EXPECT_THAT(text, HasSubstr("# HELP stem_test_requests_total Requests\\nby \\\\ method\n"
                              "# TYPE stem_test_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("stem_test_requests_total{method=\"Submit\",code=\"OK\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("{method=\"odd \\\"quoted\\\"\\nvalue\\\\\",code=\"INTERNAL\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE stem_test_lag gauge\nstem_test_lag 1.5\n"));
  // Families in name order.
  EXPECT_LT(text.find("stem_test_lag"), text.find("stem_test_requests_total"));
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Registry registry;
  auto& duration = registry.AddHistogram("stem_test_seconds", "Duration", {"method"}, {0.1, 1});
  Histogram& histogram = duration.With({"Get"});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(0.5);
  histogram.Observe(7);
  const std::string text = registry.Expose();
  EXPECT_THAT(text, HasSubstr("# TYPE stem_test_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("stem_test_seconds_bucket{method=\"Get\",le=\"0.1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("stem_test_seconds_bucket{method=\"Get\",le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("stem_test_seconds_bucket{method=\"Get\",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("stem_test_seconds_sum{method=\"Get\"} 8.05"));
  EXPECT_THAT(text, HasSubstr("stem_test_seconds_count{method=\"Get\"} 4\n"));
}

TEST(MetricsTest, AFamilyCannotGrowWithoutBound) {
  Registry registry;
  auto& family = registry.AddCounter("stem_test_total", "Test", {"id"});
  for (size_t i = 0; i < kMaxChildren + 100; ++i) family.With({std::to_string(i)}).Increment();
  size_t children = 0;
  family.ForEach([&](const std::vector<std::string>&, const Counter&) { ++children; });
  EXPECT_EQ(children, kMaxChildren + 1);
  EXPECT_EQ(family.With({kOverflowLabel}).Get(), 100);
}

TEST(MetricsTest, CollectorsWriteAtScrapeTimeAndCanBeRemoved) {
  Registry registry;
  double value = 4;
  const int id = registry.AddCollector("stem_test_store_bytes", "Bytes", {"store"},
                                       [&](GaugeWriter& writer) { writer.Write({"a"}, value); });
  EXPECT_THAT(registry.Expose(), HasSubstr("stem_test_store_bytes{store=\"a\"} 4\n"));
  value = 5;
  EXPECT_THAT(registry.Expose(), HasSubstr("stem_test_store_bytes{store=\"a\"} 5\n"));
  registry.RemoveCollector(id);
  EXPECT_THAT(registry.Expose(), Not(HasSubstr("stem_test_store_bytes")));
}

// One HTTP/1.0 exchange with the server on loopback.
std::string Fetch(int port, const std::string& request) {
  const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(socket_fd);
    return "connect failed";
  }
  if (write(socket_fd, request.data(), request.size()) < 0) {
    close(socket_fd);
    return "write failed";
  }
  std::string response;
  char buffer[4096];
  ssize_t read_bytes;
  while ((read_bytes = read(socket_fd, buffer, sizeof buffer)) > 0) {
    response.append(buffer, static_cast<size_t>(read_bytes));
  }
  close(socket_fd);
  return response;
}

TEST(MetricsServerTest, ServesTheExpositionAndNothingElse) {
  Registry registry;
  registry.AddCounter("stem_test_total", "Test").With({}).Increment();
  auto server = MetricsServer::Start("127.0.0.1:0", &registry);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  ASSERT_GT(port, 0);

  const std::string metrics = Fetch(port, "GET /metrics HTTP/1.0\r\n\r\n");
  EXPECT_THAT(metrics, HasSubstr("200 OK"));
  EXPECT_THAT(metrics, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(metrics, HasSubstr("stem_test_total 1\n"));
  EXPECT_THAT(Fetch(port, "GET /secrets HTTP/1.0\r\n\r\n"), HasSubstr("404"));
  EXPECT_THAT(Fetch(port, "POST /metrics HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc"),
              HasSubstr("405"));
  EXPECT_THAT(Fetch(port, std::string(200000, 'A') + "\r\n\r\n"), Not(HasSubstr("200 OK")));
  // Still serving after the garbage.
  EXPECT_THAT(Fetch(port, "GET /metrics HTTP/1.0\r\n\r\n"), HasSubstr("stem_test_total 1\n"));

  // A second server on the same port is refused, not silently sharing it.
  auto second = MetricsServer::Start("127.0.0.1:" + std::to_string(port), &registry);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("another process"));
}

TEST(MetricsServerTest, ABadAddressIsRefused) {
  Registry registry;
  EXPECT_FALSE(MetricsServer::Start("no-port", &registry).ok());
  EXPECT_FALSE(MetricsServer::Start("127.0.0.1:99999", &registry).ok());
  EXPECT_FALSE(MetricsServer::Start("127.0.0.1:http", &registry).ok());
}

}  // namespace
}  // namespace stem::metrics
