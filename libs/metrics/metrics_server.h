// Serves a Registry's exposition over HTTP (GET /metrics) for Prometheus, on its own port
// (--metrics_listen), apart from the gRPC port. Built on libmicrohttpd, which bounds what a
// hostile client can hold: connections (in total and per address), the time a connection may
// idle, and the request's size; anything but GET /metrics is answered 404 or 405.
#ifndef STEM_LIBS_METRICS_METRICS_SERVER_H_
#define STEM_LIBS_METRICS_METRICS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/metrics/metrics.h"

struct MHD_Daemon;

namespace stem::metrics {

class MetricsServer {
 public:
  // `listen_address` host:port (port 0 picks a free one). The registry is not owned and must
  // outlive the server. A port already in use is an error (no SO_REUSEPORT).
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen_address,
                                                              const Registry* registry);
  ~MetricsServer();

  int port() const { return port_; }

 private:
  struct Stop {
    void operator()(MHD_Daemon* daemon) const;
  };
  MetricsServer() = default;

  std::unique_ptr<MHD_Daemon, Stop> daemon_;
  const Registry* registry_ = nullptr;
  int port_ = 0;
};

}  // namespace stem::metrics

#endif  // STEM_LIBS_METRICS_METRICS_SERVER_H_
