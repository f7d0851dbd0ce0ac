// A live projection's metrics, updated by its thread after every poll:
//   stem_projection_facts_applied_total{projection}
//   stem_projection_position{projection,topic,partition}       the next offset it will apply
//   stem_projection_lag_records{projection,topic,partition}    the log's known end minus that
//   stem_projection_lag_seconds{projection,topic,partition}    how long it has stood behind
//                                                              that end (0 when caught up)
//   stem_projection_stopped{projection}                        1 while stopped (a fault of
//                                                              the system; it retries)
// The known end is what the process learnt without asking a broker (EventLog::KnownEnd);
// a partition of which it knows nothing has no lag series.
#ifndef STEM_LIBS_SERVICE_PROJECTION_METRICS_H_
#define STEM_LIBS_SERVICE_PROJECTION_METRICS_H_

#include <cstddef>
#include <map>
#include <string>

#include "absl/time/time.h"
#include "libs/eventlog/event_log.h"
#include "libs/metrics/metrics.h"

namespace stem::service {

class ProjectionMetrics {
 public:
  // `log` is not owned and must outlive this object.
  ProjectionMetrics(metrics::Registry& registry, std::string projection, eventlog::EventLog& log);

  // From the projection's thread only.
  void Applied(size_t facts);
  void Progressed(const eventlog::Positions& positions);
  void Stopped(bool stopped);

 private:
  const std::string projection_;
  eventlog::EventLog& log_;
  metrics::Counter& applied_;
  metrics::Gauge& stopped_;
  metrics::Family<metrics::Gauge>& position_;
  metrics::Family<metrics::Gauge>& lag_records_;
  metrics::Family<metrics::Gauge>& lag_seconds_;
  std::map<eventlog::TopicPartition, absl::Time> behind_since_;
};

}  // namespace stem::service

#endif  // STEM_LIBS_SERVICE_PROJECTION_METRICS_H_
