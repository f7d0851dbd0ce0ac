#include "tools/cli/stream_output.h"

#include <google/protobuf/descriptor.h>

#include <vector>

#include "libs/common/text.h"

namespace stem::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsInteger(const FieldDescriptor* field) {
  if (field == nullptr || field->is_repeated()) return false;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return true;
    default:
      return false;
  }
}

int64_t IntegerOf(const Message& message, const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(message, field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(message, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return static_cast<int64_t>(r->GetUInt64(message, field));
    default:
      return r->GetInt64(message, field);
  }
}

std::optional<Progress> OwnProgress(const Message& message) {
  const auto* type = message.GetDescriptor();
  const FieldDescriptor* done = type->FindFieldByName("done");
  const FieldDescriptor* total = type->FindFieldByName("total");
  if (!IsInteger(done) || !IsInteger(total)) return std::nullopt;
  Progress progress;
  progress.done = IntegerOf(message, done);
  progress.total = IntegerOf(message, total);
  const FieldDescriptor* stage = type->FindFieldByName("stage");
  if (stage != nullptr && !stage->is_repeated() &&
      stage->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    progress.stage = message.GetReflection()->GetString(message, stage);
  }
  return progress;
}

// The message a oneof wrapper carries (ReplayAuditResponse -> its report), else `message`.
const Message& Unwrapped(const Message& message) {
  std::vector<const FieldDescriptor*> set;
  message.GetReflection()->ListFields(message, &set);
  if (set.size() != 1) return message;
  const FieldDescriptor* field = set.front();
  if (field->real_containing_oneof() == nullptr ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return message;
  }
  return message.GetReflection()->GetMessage(message, field);
}

}  // namespace

std::optional<Progress> ProgressOf(const Message& message) {
  if (std::optional<Progress> own = OwnProgress(message); own.has_value()) return own;
  const Message& member = Unwrapped(message);
  if (&member == &message) return std::nullopt;
  return OwnProgress(member);
}

bool IsFailedVerdict(const Message& message) {
  const Message& verdict = Unwrapped(message);
  const google::protobuf::FieldDescriptor* passed =
      verdict.GetDescriptor()->FindFieldByName("passed");
  return passed != nullptr && passed->type() == google::protobuf::FieldDescriptor::TYPE_BOOL &&
         !passed->is_repeated() && !verdict.GetReflection()->GetBool(verdict, passed);
}

StreamPrinter::StreamPrinter(OutputFormat format, std::ostream& out, std::ostream& err,
                             bool err_is_terminal)
    : format_(format), out_(out), err_(err), err_is_terminal_(err_is_terminal) {}

void StreamPrinter::Print(const Message& message) {
  const std::optional<Progress> progress = ProgressOf(message);
  if (progress.has_value()) ShowProgress(*progress);
  if (format_ == OutputFormat::kJson) {
    out_ << RenderJsonLine(message) << std::flush;
  } else if (!progress.has_value()) {
    Finish();
    out_ << (results_ > 0 ? "\n" : "") << RenderTable(Unwrapped(message)) << std::flush;
  }
  if (!progress.has_value()) ++results_;
  if (!progress.has_value() && IsFailedVerdict(message)) ++failed_verdicts_;
}

void StreamPrinter::ShowProgress(const Progress& progress) {
  const std::string label = progress.stage.empty() ? "progress" : EscapeForTerminal(progress.stage);
  if (!err_is_terminal_) {
    // Lines for a log; with --output json the progress is on stdout already.
    if (format_ == OutputFormat::kTable) {
      err_ << label << ": " << progress.done << "/" << progress.total << "\n";
    }
    return;
  }
  if (bar_ == nullptr || label != bar_stage_ || progress.total != bar_total_) {
    Finish();
    bar_ = std::make_unique<ProgressBar>(label, progress.total, err_, /*enabled=*/true);
    bar_stage_ = label;
    bar_total_ = progress.total;
  }
  bar_->Update(progress.done);
}

void StreamPrinter::Finish() {
  if (bar_ != nullptr) bar_->Finish();
  bar_.reset();
}

}  // namespace stem::cli
