// Every RPC a server answers, counted in the process's metrics registry:
//   stem_rpc_requests_total{grpc_service,grpc_method,grpc_code}   calls answered, by code;
//   stem_rpc_duration_seconds{grpc_service,grpc_method}           start to status;
//   stem_rpc_in_flight{grpc_service,grpc_method}                  started, not yet answered.
// The label names are go-grpc-prometheus's, and none is "service", which Prometheus's
// Kubernetes discovery puts on every series. `grpc_service` and `grpc_method` are the
// proto names ("stem.recognition.v1.RecognitionService",
// "SubmitApplication"); a method no proto compiled into the binary declares counts as
// "unknown", so a client cannot mint label values.
#ifndef STEM_LIBS_RPC_RPC_METRICS_H_
#define STEM_LIBS_RPC_RPC_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "libs/metrics/metrics.h"

namespace stem::rpc {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> RpcMetricsInterceptorFactory(
    metrics::Registry& registry);

}  // namespace stem::rpc

#endif  // STEM_LIBS_RPC_RPC_METRICS_H_
