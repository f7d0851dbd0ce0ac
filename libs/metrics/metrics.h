// Prometheus metrics without a client library (Debian packages none): counters, gauges and
// histograms with labels, kept in a Registry and exposed in the text format 0.0.4
// (exposition.h). Updating a metric is a lock-free atomic add; finding a labelled child
// takes its family's lock, so hot paths keep the child they found.
//
// Label values come from the suite (service, method, status code, projection, partition),
// never from a caller's free text; still, a family holds at most kMaxChildren label sets and
// folds any further one into a single child labelled "_overflow", so no input can grow a
// family without bound.
#ifndef STEM_LIBS_METRICS_METRICS_H_
#define STEM_LIBS_METRICS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace stem::metrics {

inline constexpr size_t kMaxChildren = 4096;
inline constexpr char kOverflowLabel[] = "_overflow";

class Counter {
 public:
  // `by` must not be negative: a counter only grows.
  void Increment(double by = 1);
  double Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double by);
  double Get() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `upper_bounds` ascending; the +Inf bucket is implied.
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    // Cumulative, one per upper bound, then +Inf (== count).
    std::vector<uint64_t> cumulative_counts;
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;

 private:
  const std::vector<double> upper_bounds_;
  // Per bucket (not cumulative), the last one +Inf.
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, 0.5 ms to 30 s (a command's cap).
std::vector<double> LatencyBuckets();

enum class MetricType { kCounter, kGauge, kHistogram };

// The metrics of one name: a child per label set.
template <typename Metric>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        make_(std::move(make)) {}

  // The child for `label_values` (as many as the family's label names; missing ones are
  // empty, extra ones ignored). The reference stays valid as long as the family.
  Metric& With(std::vector<std::string> label_values) {
    label_values.resize(label_names_.size());
    std::lock_guard lock(mutex_);
    auto child = children_.find(label_values);
    if (child != children_.end()) return *child->second;
    if (children_.size() >= kMaxChildren) {
      label_values.assign(label_names_.size(), kOverflowLabel);
      child = children_.find(label_values);
      if (child != children_.end()) return *child->second;
    }
    return *children_.emplace(std::move(label_values), make_()).first->second;
  }

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Each child in label order, under the family's lock.
  void ForEach(
      const std::function<void(const std::vector<std::string>&, const Metric&)>& visit) const {
    std::lock_guard lock(mutex_);
    for (const auto& [labels, metric] : children_) visit(labels, *metric);
  }

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

// Where gauges computed at scrape time (a collector's) are written.
class GaugeWriter {
 public:
  virtual ~GaugeWriter() = default;
  virtual void Write(const std::vector<std::string>& label_values, double value) = 0;
};

class Registry {
 public:
  // The same name twice returns the first family (its help and labels stand): the four
  // services of the all-in-one register the same metrics.
  Family<Counter>& AddCounter(const std::string& name, const std::string& help,
                              std::vector<std::string> label_names = {});
  Family<Gauge>& AddGauge(const std::string& name, const std::string& help,
                          std::vector<std::string> label_names = {});
  Family<Histogram>& AddHistogram(const std::string& name, const std::string& help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> upper_bounds);
  // A gauge family whose values `collect` writes at each scrape (e.g. RocksDB properties).
  // Returns an id for RemoveCollector: the owner of what `collect` reads removes it before
  // it goes.
  int AddCollector(const std::string& name, const std::string& help,
                   std::vector<std::string> label_names, std::function<void(GaugeWriter&)> collect);
  void RemoveCollector(int id);

  // The text exposition format 0.0.4, families in name order.
  std::string Expose() const;

 private:
  struct Collector {
    std::string name;
    std::string help;
    std::vector<std::string> label_names;
    std::function<void(GaugeWriter&)> collect;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family<Counter>>> counters_;
  std::map<std::string, std::unique_ptr<Family<Gauge>>> gauges_;
  std::map<std::string, std::unique_ptr<Family<Histogram>>> histograms_;
  std::map<int, Collector> collectors_;
  int next_collector_ = 0;
};

// The process's registry: what the RPC server, the projections and the stores record into,
// and what --metrics_listen serves.
Registry& ProcessRegistry();

}  // namespace stem::metrics

#endif  // STEM_LIBS_METRICS_METRICS_H_
