#include "libs/service/projection_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/absl_compat.h"
#include "libs/common/error.h"
#include "libs/common/text.h"
#include "libs/events/log_positions.h"
#include "libs/service/call.h"
#include "libs/service/pagination.h"

namespace stem::service {
namespace {

using identity::v1::ACTOR_ROLE_AUDITOR;
using identity::v1::ACTOR_ROLE_OFFICER;
using identity::v1::ACTOR_ROLE_OPERATOR;

// How many facts set aside a projection state shows inline.
constexpr int kQuarantinedShown = 10;

std::string PositionKey(const projection::v1::QuarantinedFact& fact) {
  return absl::StrCat(fact.position().topic(), "\n", fact.position().partition(), "\n",
                      fact.position().offset());
}

// The position a page token names (the last fact of the previous page).
absl::StatusOr<std::optional<eventlog::RecordPosition>> After(const std::string& token) {
  auto key = DecodePageToken(token);
  if (!key.ok()) return key.status();
  if (key->empty()) return std::optional<eventlog::RecordPosition>();
  std::vector<std::string> parts = absl::StrSplit(*key, '\n');
  eventlog::RecordPosition position;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[1], &position.topic_partition.partition) ||
      !absl::SimpleAtoi(parts[2], &position.offset) || position.offset < 0 ||
      position.topic_partition.partition < 0) {
    return MakeError(absl::StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID",
                     "page_token is not one this service gave out");
  }
  position.topic_partition.topic = parts[0];
  return std::optional<eventlog::RecordPosition>(position);
}

}  // namespace

grpc::Status ProjectionServiceImpl::GetProjectionStates(
    grpc::ServerContext* context, const ops::v1::GetProjectionStatesRequest* request,
    ops::v1::GetProjectionStatesResponse* response) {
  return Serve(authenticator_, context, *request,
               {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER, ACTOR_ROLE_OPERATOR},
               [&](const Call&) -> absl::Status {
                 for (const auto& [name, runtime] : runtimes_) {
                   ops::v1::ProjectionState* state = response->add_projections();
                   state->set_name(name);
                   if (absl::Status health = runtime->projection().Health(); !health.ok()) {
                     state->set_error(ScrubPaths(FromAbsl(health.message())));
                   }
                   auto digest = runtime->store().TakeDigest();
                   if (!digest.ok()) return digest.status();
                   state->set_checksum(digest->checksum);
                   *state->mutable_positions() = events::ToLogPositions(digest->positions);
                   absl::Status scanned = runtime->store().ScanQuarantined(
                       std::nullopt, [&](const projection::v1::QuarantinedFact& fact) {
                         state->set_quarantined_count(state->quarantined_count() + 1);
                         if (state->quarantined_size() < kQuarantinedShown) {
                           *state->add_quarantined() = fact;
                         }
                         return true;
                       });
                   if (!scanned.ok()) return scanned;
                 }
                 return absl::OkStatus();
               });
}

grpc::Status ProjectionServiceImpl::ListQuarantinedFacts(
    grpc::ServerContext* context, const ops::v1::ListQuarantinedFactsRequest* request,
    ops::v1::ListQuarantinedFactsResponse* response) {
  return Serve(authenticator_, context, *request,
               {ACTOR_ROLE_AUDITOR, ACTOR_ROLE_OFFICER, ACTOR_ROLE_OPERATOR},
               [&](const Call&) -> absl::Status {
                 auto runtime = runtimes_.find(request->name());
                 if (runtime == runtimes_.end()) {
                   return MakeError(absl::StatusCode::kNotFound, "PROJECTION_NOT_FOUND",
                                    "this process keeps no projection " + Quote(request->name()));
                 }
                 auto page_size = PageSize(request->page_size());
                 if (!page_size.ok()) return page_size.status();
                 auto after = After(request->page_token());
                 if (!after.ok()) return after.status();
                 bool more = false;
                 absl::Status scanned = runtime->second->store().ScanQuarantined(
                     *after, [&](const projection::v1::QuarantinedFact& fact) {
                       if (response->facts_size() == *page_size) {
                         more = true;
                         return false;
                       }
                       *response->add_facts() = fact;
                       return true;
                     });
                 if (!scanned.ok()) return scanned;
                 if (more) {
                   response->set_next_page_token(
                       EncodePageToken(PositionKey(response->facts(response->facts_size() - 1))));
                 }
                 return absl::OkStatus();
               });
}

}  // namespace stem::service
