#include "libs/eventlog/internal/kafka_credential_watch.h"

#include <cstdio>

#include "absl/time/clock.h"

namespace stem::eventlog::internal {
namespace {

// A failed SASL authentication, a TLS handshake that failed here (the broker's certificate
// not trusted), or a TLS alert from the broker (our certificate missing or not trusted):
// librdkafka 2.0.2 reports the last as a transport error, whose text alone names the alert.
// A broker that restarts or goes away closes connections; it sends no alert.
bool IsRefusal(RdKafka::ErrorCode err, const std::string& text) {
  if (err == RdKafka::ERR__AUTHENTICATION || err == RdKafka::ERR__SSL) return true;
  return err == RdKafka::ERR__TRANSPORT && text.find("SSL alert number") != std::string::npos;
}

}  // namespace

void CredentialWatch::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_LOG:
      // librdkafka's own format, which operators grep for.
      std::fprintf(stderr, "%%%d|%s|%s\n", static_cast<int>(event.severity()), event.fac().c_str(),
                   event.str().c_str());
      return;
    case RdKafka::Event::EVENT_ERROR:
      if (IsRefusal(event.err(), event.str())) {
        absl::MutexLock lock(&mu_);
        last_refusal_ = event.str();
      }
      return;
    default:
      return;
  }
}

void CredentialWatch::Forget() {
  absl::MutexLock lock(&mu_);
  last_refusal_.reset();
}

std::optional<std::string> CredentialWatch::LastRefusal() const {
  absl::MutexLock lock(&mu_);
  return last_refusal_;
}

}  // namespace stem::eventlog::internal
