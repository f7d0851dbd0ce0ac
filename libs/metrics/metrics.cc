#include "libs/metrics/metrics.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace stem::metrics {
namespace {

void AtomicAdd(std::atomic<double>& value, double by) {
  double current = value.load(std::memory_order_relaxed);
  while (!value.compare_exchange_weak(current, current + by, std::memory_order_relaxed)) {
  }
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  // The shortest form that reads back as the same double (0.1, not 0.10000000000000001).
  for (int precision = 15; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, value);
    if (std::strtod(text.c_str(), nullptr) == value) return text;
  }
  return absl::StrFormat("%.17g", value);
}

// The text format's escapes: backslash and newline everywhere, the double quote in label
// values.
std::string Escape(const std::string& text, bool quote) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || (quote && c == '"')) {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// `{a="x",b="y"}`, or "" without labels; `extra` (e.g. le) last.
std::string LabelSet(const std::vector<std::string>& names, const std::vector<std::string>& values,
                     const std::string& extra = "") {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "" : ",", names[i], "=\"",
                    Escape(values[i], /*quote=*/true), "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, out.empty() ? "" : ",", extra);
  return out.empty() ? "" : absl::StrCat("{", out, "}");
}

void Header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  absl::StrAppend(&out, "# HELP ", name, " ", Escape(help, /*quote=*/false), "\n# TYPE ", name, " ",
                  type, "\n");
}

class TextGaugeWriter final : public GaugeWriter {
 public:
  TextGaugeWriter(std::string* out, const std::string& name,
                  const std::vector<std::string>& label_names, size_t* written)
      : out_(out), name_(name), label_names_(label_names), written_(written) {}
  void Write(const std::vector<std::string>& label_values, double value) override {
    // A collector cannot flood the exposition either.
    if (*written_ >= kMaxChildren) return;
    ++*written_;
    absl::StrAppend(out_, name_, LabelSet(label_names_, label_values), " ", FormatValue(value),
                    "\n");
  }

 private:
  std::string* out_;
  const std::string& name_;
  const std::vector<std::string>& label_names_;
  size_t* written_;
};

// Counters and gauges: one sample per child, under one header per name.
template <typename Metric>
void AppendSamples(const std::map<std::string, std::unique_ptr<Family<Metric>>>& families,
                   const char* type, std::map<std::string, std::string>& texts) {
  for (const auto& entry : families) {
    // Named, not bound: the lambda captures them (clang 14 cannot capture a binding).
    const std::string& name = entry.first;
    const Family<Metric>& family = *entry.second;
    std::string& out = texts[name];
    Header(out, name, family.help(), type);
    family.ForEach([&](const std::vector<std::string>& labels, const Metric& metric) {
      absl::StrAppend(&out, name, LabelSet(family.label_names(), labels), " ",
                      FormatValue(metric.Get()), "\n");
    });
  }
}

template <typename Metric>
Family<Metric>& AddFamily(std::map<std::string, std::unique_ptr<Family<Metric>>>& families,
                          const std::string& name, const std::string& help,
                          std::vector<std::string> label_names,
                          std::function<std::unique_ptr<Metric>()> make) {
  auto& family = families[name];
  if (!family) {
    family = std::make_unique<Family<Metric>>(name, help, std::move(label_names), std::move(make));
  }
  return *family;
}

}  // namespace

void Counter::Increment(double by) {
  if (!(by >= 0)) return;
  AtomicAdd(value_, by);
}

void Gauge::Add(double by) { AtomicAdd(value_, by); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(upper_bounds_.size() + 1)) {}

void Histogram::Observe(double value) {
  size_t bucket = 0;
  while (bucket < upper_bounds_.size() && value > upper_bounds_[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, value);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  uint64_t cumulative = 0;
  for (size_t bucket = 0; bucket <= upper_bounds_.size(); ++bucket) {
    cumulative += counts_[bucket].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(cumulative);
  }
  snapshot.count = cumulative;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

Family<Counter>& Registry::AddCounter(const std::string& name, const std::string& help,
                                      std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  return AddFamily<Counter>(counters_, name, help, std::move(label_names),
                            [] { return std::make_unique<Counter>(); });
}

Family<Gauge>& Registry::AddGauge(const std::string& name, const std::string& help,
                                  std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  return AddFamily<Gauge>(gauges_, name, help, std::move(label_names),
                          [] { return std::make_unique<Gauge>(); });
}

Family<Histogram>& Registry::AddHistogram(const std::string& name, const std::string& help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> upper_bounds) {
  std::lock_guard lock(mutex_);
  return AddFamily<Histogram>(histograms_, name, help, std::move(label_names),
                              [upper_bounds] { return std::make_unique<Histogram>(upper_bounds); });
}

int Registry::AddCollector(const std::string& name, const std::string& help,
                           std::vector<std::string> label_names,
                           std::function<void(GaugeWriter&)> collect) {
  std::lock_guard lock(mutex_);
  const int id = next_collector_++;
  collectors_[id] = {name, help, std::move(label_names), std::move(collect)};
  return id;
}

void Registry::RemoveCollector(int id) {
  std::lock_guard lock(mutex_);
  collectors_.erase(id);
}

std::string Registry::Expose() const {
  std::lock_guard lock(mutex_);
  // Each family's text by name: several collectors of one name (one per store) share one
  // header.
  std::map<std::string, std::string> texts;
  AppendSamples(counters_, "counter", texts);
  AppendSamples(gauges_, "gauge", texts);
  for (const auto& entry : histograms_) {
    // Named, not bound: a lambda below captures them (clang 14 cannot capture a binding).
    const std::string& name = entry.first;
    const auto& family = entry.second;
    std::string& out = texts[name];
    Header(out, name, family->help(), "histogram");
    family->ForEach([&](const std::vector<std::string>& labels, const Histogram& histogram) {
      const Histogram::Snapshot snapshot = histogram.Read();
      for (size_t bucket = 0; bucket < snapshot.cumulative_counts.size(); ++bucket) {
        const std::string le = bucket < snapshot.upper_bounds.size()
                                   ? FormatValue(snapshot.upper_bounds[bucket])
                                   : "+Inf";
        absl::StrAppend(&out, name, "_bucket",
                        LabelSet(family->label_names(), labels, absl::StrCat("le=\"", le, "\"")),
                        " ", snapshot.cumulative_counts[bucket], "\n");
      }
      const std::string label_set = LabelSet(family->label_names(), labels);
      absl::StrAppend(&out, name, "_sum", label_set, " ", FormatValue(snapshot.sum), "\n", name,
                      "_count", label_set, " ", snapshot.count, "\n");
    });
  }
  std::map<std::string, size_t> written;
  for (const auto& [id, collector] : collectors_) {
    std::string& out = texts[collector.name];
    if (out.empty()) Header(out, collector.name, collector.help, "gauge");
    TextGaugeWriter writer(&out, collector.name, collector.label_names, &written[collector.name]);
    collector.collect(writer);
  }
  std::string exposition;
  for (const auto& [name, text] : texts) exposition += text;
  return exposition;
}

Registry& ProcessRegistry() {
  static Registry* const registry = new Registry();
  return *registry;
}

}  // namespace stem::metrics
