#include "libs/rpc/call_records.h"

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace stem::rpc {
namespace {

struct Records {
  absl::Mutex mutex;
  absl::flat_hash_map<const grpc::ServerContextBase*, CallRecord> open ABSL_GUARDED_BY(mutex);
};

Records& AllRecords() {
  static Records* const records = new Records();
  return *records;
}

}  // namespace

void OpenCallRecord(const grpc::ServerContextBase* context, TraceContext trace) {
  Records& records = AllRecords();
  absl::MutexLock lock(&records.mutex);
  records.open[context] = CallRecord{std::move(trace), "", std::nullopt};
}

void NoteRequestId(const grpc::ServerContextBase* context, const std::string& request_id) {
  Records& records = AllRecords();
  absl::MutexLock lock(&records.mutex);
  auto record = records.open.find(context);
  if (record != records.open.end()) record->second.request_id = request_id;
}

void NoteCaller(const grpc::ServerContextBase* context, const Principal& caller) {
  Records& records = AllRecords();
  absl::MutexLock lock(&records.mutex);
  auto record = records.open.find(context);
  if (record != records.open.end()) record->second.caller = caller;
}

std::optional<CallRecord> FindCallRecord(const grpc::ServerContextBase* context) {
  Records& records = AllRecords();
  absl::MutexLock lock(&records.mutex);
  auto record = records.open.find(context);
  if (record == records.open.end()) return std::nullopt;
  return record->second;
}

std::optional<CallRecord> CloseCallRecord(const grpc::ServerContextBase* context) {
  Records& records = AllRecords();
  absl::MutexLock lock(&records.mutex);
  auto record = records.open.find(context);
  if (record == records.open.end()) return std::nullopt;
  CallRecord closed = std::move(record->second);
  records.open.erase(record);
  return closed;
}

}  // namespace stem::rpc
