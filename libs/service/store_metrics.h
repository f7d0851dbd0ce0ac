// RocksDB's essentials of a runtime's store as metrics (docs/OBSERVABILITY.md): its live data
// and files on disk, its memtables, its keys and the compaction it still owes, read from
// RocksDB's properties at each scrape.
#ifndef STEM_LIBS_SERVICE_STORE_METRICS_H_
#define STEM_LIBS_SERVICE_STORE_METRICS_H_

#include <functional>
#include <string>
#include <vector>

#include "libs/metrics/metrics.h"
#include "libs/projection/projection_store.h"

namespace stem::service {

class StoreMetrics {
 public:
  // `store` gives the store to read at each scrape (the serving one may change during a
  // blue/green rebuild); it must stay valid until this object goes.
  StoreMetrics(metrics::Registry& registry, std::string projection,
               std::function<const projection::ProjectionStore*()> store);
  ~StoreMetrics();
  StoreMetrics(const StoreMetrics&) = delete;
  StoreMetrics& operator=(const StoreMetrics&) = delete;

 private:
  metrics::Registry& registry_;
  std::vector<int> collectors_;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_STORE_METRICS_H_
