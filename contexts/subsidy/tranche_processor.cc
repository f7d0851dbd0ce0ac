#include "contexts/subsidy/tranche_processor.h"

#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "contexts/subsidy/partnership_records.h"
#include "contexts/subsidy/payments_state.h"
#include "libs/clock/clock.h"
#include "libs/common/error.h"
#include "libs/common/log.h"
#include "libs/domain/tranches.h"
#include "stem/partnership/v1/events.pb.h"

namespace stem::subsidy {
namespace {

namespace partnership = ::stem::partnership::v1;

constexpr absl::Duration kAttemptTime = absl::Seconds(30);

bool Transient(const absl::Status& status) {
  return status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kAborted;
}

absl::StatusOr<service::Facts> DecideTranche(const service::Decision& decision,
                                             const v1::OrderTrancheCommand& command) {
  auto approved = LoadApprovedPartnership(decision.state, command.partnership_id());
  if (!approved.ok()) return approved.status();
  if (!*approved) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "PARTNERSHIP_NOT_APPROVED",
                     "approval " + command.approval_event_id() + " is for partnership " +
                         command.partnership_id() + ", which was never approved");
  }
  auto call = LoadCall(decision.state, (*approved)->call_id());
  if (!call.ok()) return call.status();
  if (!*call) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CALL_NOT_FOUND",
                     "partnership " + command.partnership_id() + " was approved on call " +
                         (*approved)->call_id() + ", which was never opened");
  }
  auto payments = LoadPayments(decision.state, command.partnership_id());
  if (!payments.ok()) return payments.status();
  const v1::Payments paid = payments->value_or(v1::Payments());
  for (const v1::PaymentOrdered& tranche : paid.tranches()) {
    // Another approval of the same kind (the partnership context approves each once):
    // its tranche is paid, and paying it twice would exceed the approved amount.
    if (tranche.trigger() == command.trigger()) return service::Facts();
  }
  const std::vector<int32_t> schedule = ScheduleOf(**call);
  auto tranches = domain::SplitIntoTranches((*approved)->approved_cents(), schedule);
  if (!tranches.ok()) return tranches.status();
  const int number = static_cast<int>(command.trigger());  // 1, 2, 3 in schedule order
  if (number < 1 || number > static_cast<int>(tranches->size())) {
    return absl::InvalidArgumentError("no tranche for trigger " +
                                      v1::PaymentTrigger_Name(command.trigger()));
  }
  auto ordered = std::make_unique<v1::PaymentOrdered>();
  ordered->set_partnership_id(command.partnership_id());
  ordered->set_call_id((*approved)->call_id());
  ordered->set_lead_kbo((*approved)->lead_kbo());
  ordered->set_trigger(command.trigger());
  ordered->set_approval_event_id(command.approval_event_id());
  ordered->set_report_id(command.report_id());
  ordered->set_tranche_number(number);
  for (int32_t share : schedule) ordered->add_schedule_permille(share);
  ordered->set_permille(schedule[number - 1]);
  ordered->set_approved_cents((*approved)->approved_cents());
  ordered->set_amount_cents((*tranches)[number - 1]);
  ordered->set_ordered_total_cents(paid.ordered_cents() + ordered->amount_cents());
  ordered->set_ordered_on(clock::FormatDate(clock::LocalDate(decision.now)));
  service::Facts facts;
  facts.push_back(std::move(ordered));
  return facts;
}

}  // namespace

std::optional<v1::OrderTrancheCommand> TrancheCommandFor(const events::v1::EventEnvelope& event) {
  v1::OrderTrancheCommand command;
  partnership::PartnershipApproved approved;
  partnership::ReportApproved report;
  if (event.payload().UnpackTo(&approved)) {
    command.set_partnership_id(approved.partnership_id());
    command.set_trigger(v1::PAYMENT_TRIGGER_PROJECT_APPROVED);
  } else if (event.payload().UnpackTo(&report)) {
    command.set_partnership_id(report.partnership_id());
    command.set_report_id(report.report_id());
    switch (report.kind()) {
      case partnership::REPORT_KIND_INTERIM:
        command.set_trigger(v1::PAYMENT_TRIGGER_INTERIM_REPORT_APPROVED);
        break;
      case partnership::REPORT_KIND_FINAL:
        command.set_trigger(v1::PAYMENT_TRIGGER_FINAL_REPORT_APPROVED);
        break;
      default:
        return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  command.set_request_id(event.event_id());
  command.set_approval_event_id(event.event_id());
  return command;
}

absl::StatusOr<service::CommandOutcome> OrderTranche(service::ServiceRuntime& subsidy,
                                                     const std::string& subsidy_topic,
                                                     const events::v1::EventEnvelope& approval,
                                                     const v1::OrderTrancheCommand& command,
                                                     absl::Time deadline) {
  if (absl::Status fresh = subsidy.projection().WaitForAllTopics(deadline); !fresh.ok()) {
    return fresh;
  }
  events::CommandContext context;
  context.actor.set_role(identity::v1::ACTOR_ROLE_SYSTEM);
  context.actor.set_identity(kTrancheActor);
  context.request_id = command.request_id();
  context.causation_id = approval.event_id();
  context.correlation_id = approval.correlation_id();
  return subsidy.commands().Execute(
      context, command, {subsidy_topic, kPaymentsAggregate, command.partnership_id(), std::nullopt},
      [&](const service::Decision& decision) { return DecideTranche(decision, command); },
      deadline);
}

absl::Status TrancheTrigger::Apply(const events::v1::EventEnvelope& event,
                                   const eventlog::Record& record, projection::Batch& /*batch*/) {
  const std::optional<v1::OrderTrancheCommand> command = TrancheCommandFor(event);
  if (!command) return absl::OkStatus();
  const absl::Time give_up = absl::Now() + patience_;
  for (int attempt = 1;; ++attempt) {
    auto ordered = OrderTranche(subsidy_, topics_.subsidy, event, *command,
                                std::min(give_up, absl::Now() + kAttemptTime));
    if (ordered.ok()) return absl::OkStatus();
    if (!Transient(ordered.status()) || absl::Now() >= give_up) {
      const std::string where =
          absl::StrCat(eventlog::ToString(record.topic_partition), "@", record.offset);
      log::Warning("a tranche of an approval was not ordered",
                   {{"event_id", event.event_id()},
                    {"fact", where},
                    {"error", std::string(ordered.status().message())}});
      return MakeError(ordered.status().code(), ReasonOf(ordered.status()),
                       absl::StrCat("ordering the tranche of approval ", event.event_id(), " at ",
                                    where, ": ", ordered.status().message()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50 * attempt, 1000)));
  }
}

}  // namespace stem::subsidy
