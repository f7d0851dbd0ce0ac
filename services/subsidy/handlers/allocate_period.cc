#include "absl/strings/str_cat.h"
#include "contexts/subsidy/allocation_facts.h"
#include "contexts/subsidy/period_state.h"
#include "contexts/subsidy/recompute_allocation.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/service/command_frame.h"
#include "services/subsidy/subsidy_service.h"

namespace stem::subsidy {

grpc::Status SubsidyServiceImpl::AllocatePeriod(grpc::ServerContext* context,
                                                const v1::AllocatePeriodRequest* request,
                                                v1::AllocatePeriodResponse* response) {
  return service::ServeCommand<service::NothingPrepared>(
      authenticator_, context, *request, request->request_id(), {identity::v1::ACTOR_ROLE_OFFICER},
      runtime_.commands(),
      {.prepare = [&](const service::Call& call) -> absl::StatusOr<service::NothingPrepared> {
         // Every fact the log held when the allocation was asked for - late attendance before
         // the deadline, a revocation, a partnership approval - is in before deciding.
         if (absl::Status fresh = CatchUpWithOtherContexts(call.deadline); !fresh.ok()) {
           return fresh;
         }
         return service::NothingPrepared{};
       },
       .target =
           [&](const service::NothingPrepared&) {
             return Target(kPeriodAggregate, request->period_id(),
                           service::ExpectedVersion(*request));
           },
       .decide = [&](const service::Call&, const service::NothingPrepared&,
                     const service::Decision& decision) -> absl::StatusOr<service::Facts> {
         // One consistent view for the checks and the inputs, whose positions every
         // decision records: a replay of exactly those records recomputes it.
         auto snapshot = runtime_.store().TakeSnapshot();
         if (!snapshot.ok()) return snapshot.status();
         auto period = RequirePeriod(**snapshot, request->period_id());
         if (!period.ok()) return period.status();
         if (period->has_allocation()) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "ALREADY_ALLOCATED",
                            "period " + request->period_id() + " was allocated on " +
                                period->allocation().decided_on() + "; a period is allocated once");
         }
         auto times = TimesOf(period->terms());
         if (!times.ok()) return times.status();
         if (decision.now <= times->reporting_deadline) {
           return MakeError(absl::StatusCode::kFailedPrecondition, "ALLOCATION_TOO_EARLY",
                            "period " + request->period_id() +
                                " is allocated after its reporting deadline, " +
                                period->terms().reporting_deadline());
         }
         auto recomputed = RecomputeAllocationWithInputs(**snapshot, request->period_id());
         if (!recomputed.ok()) return recomputed.status();
         const eventlog::Positions& positions = (*snapshot)->positions();
         service::Facts facts;
         for (v1::SubsidyDecided& decided : DecisionFacts(*recomputed, positions)) {
           facts.push_back(std::make_unique<v1::SubsidyDecided>(std::move(decided)));
         }
         facts.push_back(std::make_unique<v1::PeriodAllocated>(
             SummaryFact(*recomputed, positions, clock::LocalDate(decision.now))));
         return facts;
       },
       .answer = [&](const service::NothingPrepared&,
                     const service::CommandOutcome& outcome) -> absl::Status {
         auto period = RequirePeriod(runtime_.state(), request->period_id());
         if (!period.ok()) return period.status();
         *response->mutable_summary() = period->allocation();
         response->set_version(service::LastVersion(outcome));
         return absl::OkStatus();
       }});
}

}  // namespace stem::subsidy
