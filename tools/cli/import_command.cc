#include "tools/cli/import_command.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"
#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "tools/cli/calls.h"
#include "tools/cli/connection.h"
#include "tools/cli/errors.h"
#include "tools/cli/field_flags.h"
#include "tools/cli/import_input.h"
#include "tools/cli/output.h"
#include "tools/cli/progress.h"
#include "tools/cli/request_parser.h"

namespace stem::cli {
namespace {

using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

constexpr char kFooter[] =
    "Each JSON line or CSV row is one item; a CSV's header names the item's flags, e.g.\n"
    "  report-attendance.activity-id,report-attendance.session-id,report-attendance.counts\n"
    "  act-1a2b,s1,\"[{\"\"age\"\":9,\"\"participants\"\":12}]\"\n"
    "Items without a request id get one derived from their content: run the same file again "
    "to finish an import that was cut off, nothing is imported twice.";

// The items the command names, with their request ids.
absl::StatusOr<std::vector<ImportItem>> ReadItems(const CLI::App& command,
                                                  const Message& prototype) {
  const CLI::Option* input = command.get_option("--input");
  const CLI::Option* csv = command.get_option("--csv");
  if ((input->count() == 0) == (csv->count() == 0)) {
    return absl::InvalidArgumentError("name the items with either --input or --csv");
  }
  const bool is_csv = csv->count() > 0;
  const std::string flag = is_csv ? "csv" : "input";
  absl::StatusOr<std::string> text =
      ReadFileArgument(flag, (is_csv ? csv : input)->results().back());
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<ImportItem>> items =
      is_csv ? ParseCsvItems(*text, prototype) : ParseJsonLines(*text, prototype);
  if (!items.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", items.status().message()));
  }
  DeriveRequestIds(*items);
  return items;
}

// The answer's google.rpc.Status (field `status`) and its place (field `index`).
const google::rpc::Status* StatusOf(const Message& answer) {
  const google::protobuf::FieldDescriptor* field =
      answer.GetDescriptor()->FindFieldByName("status");
  if (field == nullptr || field->message_type() != google::rpc::Status::descriptor())
    return nullptr;
  return google::protobuf::DynamicCastToGenerated<google::rpc::Status>(
      &answer.GetReflection()->GetMessage(answer, field));
}
int64_t IndexOf(const Message& answer) {
  const google::protobuf::FieldDescriptor* field = answer.GetDescriptor()->FindFieldByName("index");
  if (field == nullptr || field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT64) {
    return -1;
  }
  return answer.GetReflection()->GetInt64(answer, field);
}

int RunImport(const CommandContext& context, const CLI::App& command, const ServiceEntry& entry,
              const MethodDescriptor& method) {
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  absl::StatusOr<std::vector<ImportItem>> items =
      ReadItems(command, *factory->GetPrototype(method.input_type()));
  if (!items.ok()) return ReportUsageError(items.status(), context.err);
  const absl::StatusOr<OutputFormat> format = ParseOutputFormat(context.options.output);
  if (!format.ok()) return ReportUsageError(format.status(), context.err);
  absl::StatusOr<Connection> connection =
      Connect(context.options, context.env, entry.server_env, kDefaultStreamTimeout);
  if (!connection.ok()) return ReportUsageError(connection.status(), context.err);

  std::vector<const Message*> requests;
  for (const ImportItem& item : *items) requests.push_back(item.request.get());
  ProgressBar bar("importing", static_cast<int64_t>(requests.size()), context.err,
                  context.err_is_terminal);
  int64_t answered = 0;
  int64_t refused = 0;
  const grpc::Status status = CallBidiStream(
      *connection, MethodPath(method), requests, *factory->GetPrototype(method.output_type()),
      [&](const Message& answer) {
        bar.Update(++answered);
        const google::rpc::Status* item_status = StatusOf(answer);
        const bool accepted = item_status != nullptr && item_status->code() == 0;
        if (!accepted) ++refused;
        if (*format == OutputFormat::kJson) {
          context.out << RenderJsonLine(answer);
        } else if (!accepted && item_status != nullptr) {
          const int64_t index = IndexOf(answer);
          const absl::Status error = rpc::FromRpcStatus(*item_status);
          const std::string reason = ReasonOf(error);
          context.out << "line "
                      << (index >= 0 && index < static_cast<int64_t>(items->size())
                              ? (*items)[index].line
                              : 0)
                      << ": " << absl::StatusCodeToString(error.code())
                      << (reason.empty() ? "" : " " + reason) << ": " << error.message() << "\n";
        }
      });
  bar.Finish();
  context.err << "imported " << answered << " of " << items->size()
              << " items: " << answered - refused << " accepted, " << refused << " refused\n";
  if (!status.ok()) {
    if (answered < static_cast<int64_t>(items->size())) {
      context.err << "the import ended early: run the same command again to send the rest "
                     "(what was imported is not imported twice)\n";
    }
    return ReportRpcError(status, connection->server, context.err);
  }
  return refused > 0 ? kExitRefused : kExitOk;
}

}  // namespace

void AddImportMethod(CommandTree& tree, CLI::App& group, const ServiceEntry& entry,
                     const MethodDescriptor& method) {
  CLI::App* command =
      group.add_subcommand(KebabCase(method.name()),
                           method.service()->name() + "/" + method.name() + ": stream of " +
                               method.input_type()->name() + " -> " + method.output_type()->name());
  command->add_option("--input", "the items as JSON Lines (one request per line; -: stdin)")
      ->type_name("PATH");
  command->add_option("--csv", "the items as CSV, the header naming their flags (-: stdin)")
      ->type_name("PATH");
  command->footer(kFooter);
  tree.SetAction(*command, [command, &entry, &method](const CommandContext& context) {
    return RunImport(context, *command, entry, method);
  });
}

}  // namespace stem::cli
