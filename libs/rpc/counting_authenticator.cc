#include <atomic>

#include "libs/common/error.h"
#include "libs/common/rate_limited_log.h"
#include "libs/common/text.h"
#include "libs/rpc/authenticator.h"

namespace stem::rpc {

struct CountingAuthenticator::Counts {
  std::atomic<int64_t> refused{0};
  RateLimitedLog log{{"authentication", 10, absl::Seconds(1), nullptr, nullptr}};
};

CountingAuthenticator::CountingAuthenticator(std::unique_ptr<Authenticator> inner)
    : inner_(std::move(inner)), counts_(std::make_unique<Counts>()) {}

CountingAuthenticator::~CountingAuthenticator() = default;

absl::StatusOr<Principal> CountingAuthenticator::Authenticate(
    const grpc::ServerContext& context) const {
  absl::StatusOr<Principal> principal = inner_->Authenticate(context);
  if (principal.ok()) return principal;
  const int64_t refused = counts_->refused.fetch_add(1) + 1;
  // The method is gRPC's own path; the peer is the caller's address as gRPC saw it. Neither
  // is the caller's text, but both are quoted all the same.
  // (A context that belongs to no call, as in a test, has no peer to ask.)
  const bool in_a_call = const_cast<grpc::ServerContext&>(context).c_call() != nullptr;
  counts_->log.Log(ReasonOf(principal.status()) + " from " +
                   Quote(in_a_call ? context.peer() : std::string("?")) + " (" +
                   std::to_string(refused) + " refused since start)");
  return principal;
}

int64_t CountingAuthenticator::refused() const { return counts_->refused.load(); }

}  // namespace stem::rpc
