// Fuzz target: the command RPCs of the four services, their request validation and their
// decisions, fed mutated protobuf requests by callers of every kind.
//
// Input: byte 0 picks the command RPC (in_process_suite.h: CommandRpcs()), byte 1 the caller
// (OFFICER, ACADEMY 0123456749, MUNICIPALITY 11002), the rest is the request message.
// Inputs that do not parse are skipped: the gRPC interceptor refuses them before any
// handler runs (tested in libs/rpc). The suite is built once, with the world of story.h,
// and keeps what accepted inputs add to it.
//
// Invariants, after every input (rulebook section 1: a refusal names its reason and
// changes nothing):
//   - a refused command wrote nothing to the log;
//   - a refusal is never INTERNAL, UNKNOWN or DATA_LOSS (those are the suite's faults, not
//     the caller's);
//   - a refusal carries a reason (ErrorInfo), unless it is DEADLINE_EXCEEDED;
//   - every service's projection still runs (no accepted fact stops one).
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "google/protobuf/stubs/logging.h"
#include "libs/common/error.h"
#include "libs/rpc/status.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/in_process_suite.h"
#include "tests/fuzz/story.h"

namespace stem::fuzz {
namespace {

// Built once; destroyed at exit, before the process's statics, so that the projections'
// threads stop first.
InProcessSuite* running_suite = nullptr;

void StopSuite() {
  delete running_suite;
  running_suite = nullptr;
}

int64_t RecordsWritten(InProcessSuite& suite) {
  auto written = suite.RecordsWritten();
  if (!written.ok()) Broken("the log answers", written.status().ToString());
  return *written;
}

bool IsSuiteFault(grpc::StatusCode code) {
  return code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::DATA_LOSS;
}

}  // namespace
}  // namespace stem::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  using namespace stem::fuzz;  // NOLINT(build/namespaces): the entry points live outside it
  // Every mutated request or fact with a byte of invalid UTF-8 would log a line: keep the
  // fuzzer's output to what it finds.
  google::protobuf::SetLogHandler(nullptr);
  auto started = InProcessSuite::Start();
  if (!started.ok()) Broken("the suite starts", started.status().ToString());
  running_suite = started->release();
  std::atexit(StopSuite);
  if (absl::Status world = Play(*running_suite, WorldStory()); !world.ok()) {
    Broken("the world's story is accepted", world.ToString());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stem::fuzz;  // NOLINT(build/namespaces): the entry points live outside it
  if (size < 2 || running_suite == nullptr) return 0;
  InProcessSuite& suite = *running_suite;
  const uint8_t command = data[0] % CommandRpcs().size();
  const auto caller = static_cast<Caller>(data[1] % kCallerCount);
  const std::string_view request(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::string name(CommandRpcs()[command].name);

  const int64_t before = RecordsWritten(suite);
  std::optional<grpc::Status> status = suite.Call(command, caller, request);
  if (!status) return -1;  // not a request: keep it out of the corpus
  if (!status->ok()) {
    const grpc::StatusCode code = status->error_code();
    const std::string what =
        name + " refused " + std::to_string(code) + " " + status->error_message();
    // A caller whose deadline passed cannot know whether the command took effect (as with
    // any gRPC call): only a refusal for a reason must have written nothing.
    if (code != grpc::StatusCode::DEADLINE_EXCEEDED && RecordsWritten(suite) != before) {
      Broken("a refused command writes nothing", what);
    }
    if (IsSuiteFault(code)) Broken("a refusal is the caller's, not the suite's fault", what);
    if (code != grpc::StatusCode::DEADLINE_EXCEEDED &&
        stem::ReasonOf(stem::rpc::FromGrpcStatus(*status)).empty()) {
      Broken("a refusal names its reason", what);
    }
  }
  if (absl::Status health = suite.Health(); !health.ok()) {
    Broken("the projections keep running", name + ": " + health.ToString());
  }
  return 0;
}
