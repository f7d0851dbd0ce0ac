#include "bench/peer_measure.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace stem::bench {
namespace {

// For sh -c: every argument single-quoted.
std::string ShellQuoted(const std::string& text) {
  return absl::StrCat("'", absl::StrJoin(absl::StrSplit(text, '\''), "'\\''"), "'");
}

}  // namespace

absl::StatusOr<Measurement> ParsePeerLine(const std::string& line, int64_t events) {
  std::map<std::string, double> fields;
  const std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (words.empty() || words[0] != "PEER") {
    return absl::InvalidArgumentError(absl::StrCat("not a PEER line: ", line));
  }
  for (size_t i = 1; i < words.size(); ++i) {
    const std::vector<std::string> parts = absl::StrSplit(words[i], absl::MaxSplits('=', 1));
    double value = 0;
    if (parts.size() != 2 || !absl::SimpleAtod(parts[1], &value)) {
      return absl::InvalidArgumentError(absl::StrCat("bad field ", words[i], " in: ", line));
    }
    fields[parts[0]] = value;
  }
  auto seconds = [&](const std::string& name) -> std::optional<absl::Duration> {
    auto it = fields.find(name);
    if (it == fields.end()) return std::nullopt;
    return absl::Seconds(it->second);
  };
  const std::optional<absl::Duration> first = seconds("first_s");
  const std::optional<absl::Duration> last = seconds("last_s");
  const std::optional<absl::Duration> end = seconds("end_s");
  const std::optional<absl::Duration> cpu_first = seconds("cpu_first_s");
  const std::optional<absl::Duration> cpu_last = seconds("cpu_last_s");
  const std::optional<absl::Duration> cpu_end = seconds("cpu_end_s");
  if (!first || !last || !end || !cpu_first || !cpu_last || !cpu_end) {
    return absl::InvalidArgumentError(absl::StrCat("a field is missing in: ", line));
  }
  auto counted = fields.find("events");
  if (counted == fields.end() || counted->second != static_cast<double>(events)) {
    return absl::DataLossError(absl::StrCat("the peer did not count ", events, " events: ", line));
  }
  Measurement measurement;
  measurement.to_first = {*first, *cpu_first, absl::ZeroDuration()};
  measurement.to_last = {*last, *cpu_last, absl::ZeroDuration()};
  measurement.to_end = {*end, *cpu_end, absl::ZeroDuration()};
  return measurement;
}

absl::StatusOr<Measurement> RunPeer(const PeerSpec& spec) {
  std::vector<std::string> argv = {
      spec.script,
      absl::StrCat("--bootstrap=", spec.bootstrap),
      absl::StrCat("--topic=", spec.topic),
      absl::StrCat("--events=", spec.events),
      absl::StrCat("--aggregates=", spec.aggregates),
  };
  argv.insert(argv.end(), spec.flags.begin(), spec.flags.end());
  std::vector<std::string> quoted;
  for (const std::string& arg : argv) quoted.push_back(ShellQuoted(arg));
  const std::string command = absl::StrJoin(quoted, " ");
  std::fflush(stdout);
  // The peer's stdout comes here; its stderr (warnings, its reason to fail) is ours.
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return absl::InternalError(absl::StrCat("cannot run ", command));
  std::optional<std::string> peer_line;
  char* buffer = nullptr;
  size_t capacity = 0;
  for (ssize_t n; (n = ::getline(&buffer, &capacity, pipe)) > 0;) {
    const std::string line(
        absl::StripTrailingAsciiWhitespace(std::string(buffer, static_cast<size_t>(n))));
    if (absl::StartsWith(line, "PEER ")) {
      peer_line = line;
    } else {
      std::fprintf(stderr, "peer: %s\n", line.c_str());
    }
  }
  std::free(buffer);
  const int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(spec.script, " failed (wait status ", status, ")"));
  }
  if (!peer_line.has_value()) {
    return absl::DataLossError(absl::StrCat(spec.script, " printed no PEER line"));
  }
  return ParsePeerLine(*peer_line, spec.events);
}

}  // namespace stem::bench
