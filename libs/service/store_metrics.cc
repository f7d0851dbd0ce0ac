#include "libs/service/store_metrics.h"

#include <string>

namespace stem::service {
namespace {

struct StoreGauge {
  const char* name;
  const char* help;
  const char* property;
};

constexpr StoreGauge kGauges[] = {
    {"stem_store_live_data_bytes", "RocksDB's estimate of a projection store's live data",
     "rocksdb.estimate-live-data-size"},
    {"stem_store_sst_files_bytes", "The size of a projection store's SST files on disk",
     "rocksdb.total-sst-files-size"},
    {"stem_store_memtable_bytes", "The size of a projection store's memtables in memory",
     "rocksdb.cur-size-all-mem-tables"},
    {"stem_store_estimated_keys", "RocksDB's estimate of the keys in a projection store",
     "rocksdb.estimate-num-keys"},
    {"stem_store_pending_compaction_bytes",
     "RocksDB's estimate of the bytes compaction must still rewrite in a projection store",
     "rocksdb.estimate-pending-compaction-bytes"},
};

}  // namespace

StoreMetrics::StoreMetrics(metrics::Registry& registry, std::string projection,
                           std::function<const projection::ProjectionStore*()> store)
    : registry_(registry) {
  for (const StoreGauge& gauge : kGauges) {
    collectors_.push_back(registry_.AddCollector(
        gauge.name, gauge.help, {"projection"},
        [store, projection, property = std::string(gauge.property)](metrics::GaugeWriter& out) {
          const projection::ProjectionStore* current = store();
          if (current == nullptr) return;
          if (std::optional<uint64_t> value = current->IntProperty(property)) {
            out.Write({projection}, static_cast<double>(*value));
          }
        }));
  }
}

StoreMetrics::~StoreMetrics() {
  for (const int id : collectors_) registry_.RemoveCollector(id);
}

}  // namespace stem::service
