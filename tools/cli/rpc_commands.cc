#include "tools/cli/rpc_commands.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <memory>

#include "libs/common/check.h"
#include "tools/cli/calls.h"
#include "tools/cli/cli11.h"
#include "tools/cli/connection.h"
#include "tools/cli/errors.h"
#include "tools/cli/field_flags.h"
#include "tools/cli/import_command.h"
#include "tools/cli/output.h"
#include "tools/cli/request_parser.h"
#include "tools/cli/service_registry.h"
#include "tools/cli/stream_output.h"

namespace stem::cli {
namespace {

using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

constexpr char kFooter[] =
    "Options of every command (see `stem --help`): --server, --token, --cert/--key/--ca, "
    "--timeout, --output table|json.\n"
    "Repeated messages (sessions, counts, partners, ...) take one JSON object per flag, a "
    "JSON array, or --json.";

// The request from the parsed command: --json-file, then --json, then each flag over them.
absl::Status BuildRequest(const CLI::App& command, Message& request) {
  FlagValues flags;
  const CLI::Option* json = nullptr;
  const CLI::Option* json_file = nullptr;
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0 || option->get_lnames().empty()) continue;
    const std::string& name = option->get_lnames().front();
    if (name == "json") {
      json = option;
    } else if (name == "json-file") {
      json_file = option;
    } else if (name != "help") {
      flags[name] = option->results();
    }
  }
  if (json_file != nullptr) {
    auto text = ReadFileArgument("json-file", json_file->results().back());
    if (!text.ok()) return text.status();
    if (absl::Status merged = MergeJson(*text, request); !merged.ok()) {
      return absl::InvalidArgumentError("--json-file: " + std::string(merged.message()));
    }
  }
  if (json != nullptr) {
    if (absl::Status merged = MergeJson(json->results().back(), request); !merged.ok()) {
      return absl::InvalidArgumentError("--json: " + std::string(merged.message()));
    }
  }
  return ApplyFlags(flags, request);
}

int CallAndPrint(const CommandContext& context, const Connection& connection,
                 const MethodDescriptor& method, const Message& request, OutputFormat format) {
  const Message* response_type =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method.output_type());
  if (!method.server_streaming()) {
    std::unique_ptr<Message> response(response_type->New());
    const grpc::Status status = CallUnary(connection, MethodPath(method), request, response.get());
    if (!status.ok()) return ReportRpcError(status, connection.server, context.err);
    context.out << Render(*response, format);
    return kExitOk;
  }
  StreamPrinter printer(format, context.out, context.err, context.err_is_terminal);
  const grpc::Status status =
      CallServerStream(connection, MethodPath(method), request, *response_type,
                       [&printer](const Message& message) { printer.Print(message); });
  printer.Finish();
  if (!status.ok()) return ReportRpcError(status, connection.server, context.err);
  return printer.failed_verdicts() > 0 ? kExitVerdictFailed : kExitOk;
}

int RunMethod(const CommandContext& context, const CLI::App& command, const ServiceEntry& entry,
              const MethodDescriptor& method) {
  std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                       ->GetPrototype(method.input_type())
                                       ->New());
  if (absl::Status built = BuildRequest(command, *request); !built.ok()) {
    return ReportUsageError(built, context.err);
  }
  const absl::StatusOr<OutputFormat> format = ParseOutputFormat(context.options.output);
  if (!format.ok()) return ReportUsageError(format.status(), context.err);
  absl::StatusOr<Connection> connection =
      Connect(context.options, context.env, entry.server_env,
              method.server_streaming() ? kDefaultStreamTimeout : kDefaultCallTimeout);
  if (!connection.ok()) return ReportUsageError(connection.status(), context.err);
  // A command without an idempotency key could not be retried safely after a lost answer.
  if (const std::optional<std::string> id = EnsureRequestId(*request); id.has_value()) {
    context.err << "request id: " << *id << " (use --request-id to retry safely)\n";
  }
  return CallAndPrint(context, *connection, method, *request, *format);
}

void AddMethod(CommandTree& tree, CLI::App& group, const ServiceEntry& entry,
               const MethodDescriptor& method) {
  CLI::App* command =
      group.add_subcommand(KebabCase(method.name()),
                           method.service()->name() + "/" + method.name() + ": " +
                               method.input_type()->name() + " -> " + method.output_type()->name());
  for (const FieldFlag& flag : FlagsOf(method.input_type())) {
    if (flag.kind == FlagKind::kBool) {
      command->add_flag("--" + flag.name, flag.help);
      continue;
    }
    // Every value is kept (TakeAll): repeated fields want them all, and for a singular
    // field the parser takes the last, as command lines usually do.
    command->add_option("--" + flag.name, flag.help)
        ->type_name(flag.type_name)
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  command->add_option("--json", "the whole request as protobuf JSON; flags override its fields")
      ->type_name("JSON");
  command->add_option("--json-file", "the request as protobuf JSON from a file (-: stdin)")
      ->type_name("PATH");
  command->footer(kFooter);
  tree.SetAction(*command, [command, &entry, &method](const CommandContext& context) {
    return RunMethod(context, *command, entry, method);
  });
}

}  // namespace

void InstallRpcCommands(CommandTree& tree) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const ServiceEntry& entry : Services()) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(entry.full_name);
    STEM_CHECK(service != nullptr, "a registered service's generated code is linked");
    CLI::App& group = tree.Group(entry.command, entry.summary);
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      if (method->client_streaming() && method->server_streaming()) {
        AddImportMethod(tree, group, entry, *method);  // many requests, from a file
      } else {
        // A request is one message from the command line.
        STEM_CHECK(!method->client_streaming(), "a client stream has its answers streamed back");
        AddMethod(tree, group, entry, *method);
      }
    }
  }
}

}  // namespace stem::cli
