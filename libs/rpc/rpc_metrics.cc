#include "libs/rpc/rpc_metrics.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/rpc/status.h"

namespace stem::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

struct RpcFamilies {
  metrics::Family<metrics::Counter>& requests;
  metrics::Family<metrics::Histogram>& duration;
  metrics::Family<metrics::Gauge>& in_flight;
};

class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(const RpcFamilies& families, std::vector<std::string> labels)
      : families_(families),
        labels_(std::move(labels)),
        in_flight_(families.in_flight.With(labels_)),
        start_(absl::Now()) {
    in_flight_.Add(1);
  }
  ~RpcMetricsInterceptor() override { in_flight_.Add(-1); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      families_.requests.With({labels_[0], labels_[1], StatusCodeName(status.error_code())})
          .Increment();
      families_.duration.With(labels_).Observe(absl::ToDoubleSeconds(absl::Now() - start_));
    }
    methods->Proceed();
  }

 private:
  const RpcFamilies& families_;
  const std::vector<std::string> labels_;
  metrics::Gauge& in_flight_;
  const absl::Time start_;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(metrics::Registry& registry)
      : families_{registry.AddCounter("stem_rpc_requests_total",
                                      "RPCs answered, by service, method and gRPC status code",
                                      {"grpc_service", "grpc_method", "grpc_code"}),
                  registry.AddHistogram("stem_rpc_duration_seconds",
                                        "Time from an RPC's start to its status",
                                        {"grpc_service", "grpc_method"}, metrics::LatencyBuckets()),
                  registry.AddGauge("stem_rpc_in_flight", "RPCs started and not yet answered",
                                    {"grpc_service", "grpc_method"})} {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    std::vector<std::string> labels = {"unknown", "unknown"};
    // "/<package>.<Service>/<Method>": only a method compiled into this binary names a series.
    MethodName name = SplitMethodPath(info->method() != nullptr ? info->method() : "");
    if (!name.service.empty() &&
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            name.service + "." + name.method) != nullptr) {
      labels = {std::move(name.service), std::move(name.method)};
    }
    return new RpcMetricsInterceptor(families_, std::move(labels));
  }

 private:
  const RpcFamilies families_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> RpcMetricsInterceptorFactory(
    metrics::Registry& registry) {
  return std::make_unique<Factory>(registry);
}

}  // namespace stem::rpc
