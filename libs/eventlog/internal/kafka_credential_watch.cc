#include "libs/eventlog/internal/kafka_credential_watch.h"

#include <cstdio>

#include "absl/time/clock.h"
#include "libs/common/log.h"

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
      // librdkafka's syslog severities: 0-3 errors, 4 warnings, 5-6 information, 7 debug.
      log::Write(event.severity() <= 3   ? log::Level::kError
                 : event.severity() == 4 ? log::Level::kWarning
                 : event.severity() <= 6 ? log::Level::kInfo
                                         : log::Level::kDebug,
                 event.str(), {{"source", "librdkafka"}, {"facility", event.fac()}});
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
