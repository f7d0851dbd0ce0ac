// Remembers how the brokers last refused this client's credentials (a failed SASL
// authentication, a failed TLS handshake or a TLS alert). librdkafka 2.0.2 reports such a refusal
// only as an error event, while the request that could not be sent just times out; without this a
// wrong password would look like brokers that are away and be waited out.
#ifndef STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CREDENTIAL_WATCH_H_
#define STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CREDENTIAL_WATCH_H_

#include <librdkafka/rdkafkacpp.h>

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace stem::eventlog::internal {

// Set as a handle's event_cb; must outlive the handle. Log events go to stderr as they
// would without an event callback.
class CredentialWatch : public RdKafka::EventCb {
 public:
  void event_cb(RdKafka::Event& event) override;

  // The refusal seen last since the latest Forget, if any.
  std::optional<std::string> LastRefusal() const;
  void Forget();

 private:
  mutable absl::Mutex mu_;
  std::optional<std::string> last_refusal_ ABSL_GUARDED_BY(mu_);
};

}  // namespace stem::eventlog::internal

#endif  // STEM_LIBS_EVENTLOG_INTERNAL_KAFKA_CREDENTIAL_WATCH_H_
