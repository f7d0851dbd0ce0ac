// The FactStreamService (proto/stem/facts/v1/fact_stream_service.proto): an integrator follows
// the facts that counted, as a catch-up subscription. The log holds refused attempts too
// (command_guard.h): the stream reads the log itself, in order, and leaves out every record
// that the runtime's command guard passed over or that its projection set aside, so it sends
// exactly the facts every projection applied. It never runs ahead of the projection whose
// verdicts it reads: a record is judged once that projection has applied it.
#ifndef STEM_LIBS_SERVICE_FACT_STREAM_SERVICE_H_
#define STEM_LIBS_SERVICE_FACT_STREAM_SERVICE_H_

#include <atomic>
#include <map>
#include <string>

#include "libs/eventlog/event_log.h"
#include "libs/events/upcaster.h"
#include "libs/rpc/authenticator.h"
#include "libs/service/service_runtime.h"
#include "libs/service/topics.h"
#include "stem/facts/v1/fact_stream_service.grpc.pb.h"

namespace stem::service {

struct FactStreamOptions {
  // Each stream holds a server thread and a log subscription while it follows.
  int max_streams = 16;
  // A stream ends by then at the latest (DEADLINE_EXCEEDED); the client resumes from the last
  // resume_from it received.
  absl::Duration max_stream_duration = absl::Hours(24);
};

class FactStreamServiceImpl final : public facts::v1::FactStreamService::Service {
 public:
  // Nothing is owned; all must outlive the service. `read_models` are the runtimes that read
  // every partition of their topics (Host::read_models): a stream of a context is served from
  // one of them that reads the context's topic.
  FactStreamServiceImpl(eventlog::EventLog& log, const Topics& topics,
                        std::map<std::string, ServiceRuntime*> read_models,
                        const events::UpcasterRegistry& upcasters,
                        const rpc::Authenticator& authenticator, FactStreamOptions options = {})
      : log_(log),
        topics_(topics),
        read_models_(std::move(read_models)),
        upcasters_(upcasters),
        authenticator_(authenticator),
        options_(options) {}

  grpc::Status FollowFacts(grpc::ServerContext* context,
                           const facts::v1::FollowFactsRequest* request,
                           grpc::ServerWriter<facts::v1::FollowFactsResponse>* writer) override;

 private:
  // The runtime whose verdicts the stream of `topic` reads: the one that writes it, else any
  // full read model that reads it; null when none does.
  ServiceRuntime* RuntimeReading(const std::string& topic) const;

  eventlog::EventLog& log_;
  const Topics& topics_;
  const std::map<std::string, ServiceRuntime*> read_models_;
  const events::UpcasterRegistry& upcasters_;
  const rpc::Authenticator& authenticator_;
  const FactStreamOptions options_;
  std::atomic<int> streams_{0};
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_FACT_STREAM_SERVICE_H_
