#include "libs/rpc/access_log.h"

#include <grpcpp/server_context.h>

#include <mutex>
#include <string>

#include "absl/time/clock.h"
#include "libs/common/error.h"
#include "libs/common/log.h"
#include "libs/rpc/call_records.h"
#include "libs/rpc/status.h"

namespace stem::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Lines of callers' faults: a burst, then a few a second.
constexpr double kBurst = 20;
constexpr double kPerSecond = 5;

bool CallersFault(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

// Token bucket over the lines of callers' faults; returns how many were left out since the
// last one written, or -1 when this one is left out too.
class Budget {
 public:
  int64_t Take() {
    std::lock_guard lock(mutex_);
    const absl::Time now = absl::Now();
    tokens_ = std::min(kBurst, tokens_ + absl::ToDoubleSeconds(now - refilled_) * kPerSecond);
    refilled_ = now;
    if (tokens_ < 1) {
      ++left_out_;
      return -1;
    }
    tokens_ -= 1;
    const int64_t left_out = left_out_;
    left_out_ = 0;
    return left_out;
  }

 private:
  std::mutex mutex_;
  double tokens_ = kBurst;
  absl::Time refilled_ = absl::Now();
  int64_t left_out_ = 0;
};

Budget& CallersFaultBudget() {
  static Budget* const budget = new Budget();
  return *budget;
}

class AccessLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit AccessLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(absl::Now()) {}
  ~AccessLogInterceptor() override { CloseCallRecord(info_->server_context()); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OpenCallRecord(info_->server_context(), TraceOf(*methods->GetRecvInitialMetadata()));
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  static TraceContext TraceOf(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto header = metadata.find(kTraceparentMetadata);
    if (header != metadata.end()) {
      auto parsed =
          ParseTraceparent(std::string_view(header->second.data(), header->second.size()));
      if (parsed.has_value()) return *parsed;
    }
    return NewTrace();
  }

  void Write(const grpc::Status& status) {
    if (!log::Enabled(log::Level::kInfo)) return;
    int64_t left_out = 0;
    if (CallersFault(status.error_code())) {
      left_out = CallersFaultBudget().Take();
      if (left_out < 0) return;
    }
    const MethodName name = SplitMethodPath(info_->method() != nullptr ? info_->method() : "");
    const std::string reason = status.ok() ? "" : ReasonOf(FromGrpcStatus(status));
    const std::optional<CallRecord> record = FindCallRecord(info_->server_context());
    const TraceContext trace = record.has_value() ? record->trace : TraceContext();
    std::string role;
    std::string principal;
    const std::string request_id = record.has_value() ? record->request_id : "";
    if (record.has_value() && record->caller.has_value()) {
      role = RoleName(record->caller->role);
      principal = record->caller->identity;
    }
    log::Info("rpc", {{"service", name.service},
                      {"method", name.method},
                      {"code", StatusCodeName(status.error_code())},
                      {"reason", reason},
                      {"duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start_)},
                      {"role", role},
                      {"principal", principal},
                      {"request_id", request_id},
                      {"trace_id", trace.trace_id},
                      {"parent_id", trace.parent_id},
                      {"peer", info_->server_context()->peer()},
                      {"left_out", left_out}});
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const absl::Time start_;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AccessLogInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
AccessLogInterceptorFactory() {
  return std::make_unique<Factory>();
}

}  // namespace stem::rpc
