#include "libs/rpc/malformed_requests.h"

#include <google/protobuf/stubs/logging.h>
#include <grpcpp/server_context.h>

#include <atomic>
#include <mutex>
#include <string>

#include "libs/common/error.h"
#include "libs/common/log.h"
#include "libs/common/rate_limited_log.h"
#include "libs/common/text.h"
#include "libs/rpc/status.h"

namespace stem::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::atomic<int64_t> refused{0};

RateLimitedLog& MalformedLog() {
  static RateLimitedLog* const log =
      new RateLimitedLog({"undecodable request", 10, absl::Seconds(1), nullptr, nullptr});
  return *log;
}

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info),
        // Only these read their one request before the handler runs. In a client stream a
        // null message is also the end of the stream, which is not a fault.
        single_request_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY ||
                        info->type() == grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING) {
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // The server deserializes a request before any handler runs; when that fails, the
    // message it hands on is null and the handler is never called.
    if (single_request_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      malformed_ = true;
    }
    if (malformed_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      refused.fetch_add(1);
      const std::string method = info_->method() != nullptr ? info_->method() : "?";
      MalformedLog().Log(method + " from " + Quote(info_->server_context()->peer()));
      methods->ModifySendStatus(ToGrpcStatus(
          MakeError(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST",
                    "the request could not be decoded as the request message of " + method +
                        " (a serialized protocol buffer with valid UTF-8 strings)")));
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* const info_;
  const bool single_request_;
  bool malformed_ = false;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new MalformedRequestInterceptor(info);
  }
};

void ProtobufLogHandler(google::protobuf::LogLevel level, const char* filename, int line,
                        const std::string& message) {
  static RateLimitedLog* const log =
      new RateLimitedLog({"protobuf", 10, absl::Seconds(1), nullptr, nullptr});
  // A FATAL message is followed by an abort in the library itself; say it whatever the rate.
  if (level == google::protobuf::LOGLEVEL_FATAL) {
    log::Error(message, {{"source", "protobuf"}, {"file", filename}, {"line", line}});
    return;
  }
  log->Log(EscapeForTerminal(message));
}

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequestInterceptorFactory() {
  return std::make_unique<Factory>();
}

int64_t MalformedRequestsRefused() { return refused.load(); }

void RouteProtobufLogs() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(&ProtobufLogHandler); });
}

}  // namespace stem::rpc
