#include "libs/metrics/metrics_server.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>
#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace stem::metrics {
namespace {

constexpr char kExpositionType[] = "text/plain; version=0.0.4; charset=utf-8";

MHD_Result Answer(MHD_Connection* connection, unsigned int code, std::string body,
                  const char* content_type) {
  MHD_Response* response =
      MHD_create_response_from_buffer(body.size(), body.data(), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  const MHD_Result queued = MHD_queue_response(connection, code, response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result HandleRequest(void* registry, MHD_Connection* connection, const char* url,
                         const char* method, const char* /*version*/, const char* /*upload_data*/,
                         size_t* /*upload_data_size*/, void** /*request_state*/) {
  const std::string_view verb = method;
  if (verb != MHD_HTTP_METHOD_GET && verb != MHD_HTTP_METHOD_HEAD) {
    return Answer(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET /metrics\n", "text/plain");
  }
  if (std::string_view(url) != "/metrics") {
    return Answer(connection, MHD_HTTP_NOT_FOUND, "only GET /metrics\n", "text/plain");
  }
  return Answer(connection, MHD_HTTP_OK, static_cast<const Registry*>(registry)->Expose(),
                kExpositionType);
}

// "host:port", "[v6]:port" or ":port" (every interface).
absl::StatusOr<sockaddr_storage> ResolveListen(const std::string& listen_address, bool* ipv6) {
  const size_t colon = listen_address.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen ", listen_address, ": expected host:port"));
  }
  std::string host = listen_address.substr(0, colon);
  const std::string port = listen_address.substr(colon + 1);
  int port_number = 0;
  if (!absl::SimpleAtoi(port, &port_number) || port_number < 0 || port_number > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen ", listen_address, ": bad port"));
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "0.0.0.0";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (int error = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); error != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen ", listen_address, ": ", gai_strerror(error)));
  }
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  *ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  return address;
}

}  // namespace

void MetricsServer::Stop::operator()(MHD_Daemon* daemon) const { MHD_stop_daemon(daemon); }

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen_address, const Registry* registry) {
  bool ipv6 = false;
  auto address = ResolveListen(listen_address, &ipv6);
  if (!address.ok()) return address.status();
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->registry_ = registry;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
  if (ipv6) flags |= MHD_USE_IPv6;
  MHD_Daemon* daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &HandleRequest, const_cast<Registry*>(registry),
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&*address),  //
      MHD_OPTION_CONNECTION_LIMIT, 64u,                              //
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, 8u,                        //
      MHD_OPTION_CONNECTION_TIMEOUT, 10u,                            //
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(64 * 1024), MHD_OPTION_END);
  if (daemon == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen_address, ": ",
                                               std::strerror(errno),
                                               " (is another process using that port?)"));
  }
  server->daemon_.reset(daemon);
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info == nullptr ? 0 : info->port;
  return server;
}

MetricsServer::~MetricsServer() = default;

}  // namespace stem::metrics
