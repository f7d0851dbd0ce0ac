#include "tools/cli/events_decode.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "stem/events/v1/envelope.pb.h"
#include "tools/cli/cli11.h"
#include "tools/cli/errors.h"

namespace stem::cli {
namespace {

// Kafka's own limit is far lower (1 MiB by default); anything above is no frame of ours.
constexpr uint32_t kMaxRecordBytes = 64u << 20;

// One record's JSON line, or false with why.
bool DecodeOne(const std::string& value, std::string& json, std::string& why) {
  events::v1::EventEnvelope envelope;
  if (!envelope.ParseFromString(value)) {
    why = "not a stem.events.v1.EventEnvelope";
    return false;
  }
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  const auto printed = google::protobuf::util::MessageToJsonString(envelope, &json, options);
  if (!printed.ok()) {
    // An unknown payload type (a newer suite's fact) or bytes that do not parse as it.
    why = std::string(printed.message());
    return false;
  }
  return true;
}

// The next length-prefixed value; false at the end of the input. `broken` says why the
// framing cannot go on.
bool NextFrame(std::istream& in, std::string& value, std::string& broken) {
  unsigned char length_bytes[4];
  in.read(reinterpret_cast<char*>(length_bytes), sizeof length_bytes);
  if (in.gcount() == 0) return false;
  if (in.gcount() != sizeof length_bytes) {
    broken = "the input ends inside a record's length";
    return false;
  }
  const uint32_t length = (uint32_t{length_bytes[0]} << 24) | (uint32_t{length_bytes[1]} << 16) |
                          (uint32_t{length_bytes[2]} << 8) | uint32_t{length_bytes[3]};
  // kcat writes -1 (0xffffffff) for a record without a value: a tombstone, never ours.
  if (length > kMaxRecordBytes) {
    broken =
        "a record length of " + std::to_string(length) + " bytes: is the input kcat's -f '%R%s'?";
    return false;
  }
  value.resize(length);
  in.read(value.data(), length);
  if (static_cast<uint32_t>(in.gcount()) != length) {
    broken = "the input ends inside a record of " + std::to_string(length) + " bytes";
    return false;
  }
  return true;
}

}  // namespace

int DecodeEvents(std::istream& in, Framing framing, std::ostream& out, std::ostream& err) {
  int64_t index = 0;
  int64_t undecoded = 0;
  const auto decode = [&](const std::string& value) {
    std::string json;
    std::string why;
    if (DecodeOne(value, json, why)) {
      out << json << "\n";
    } else {
      ++undecoded;
      err << "record " << index << " (" << value.size() << " bytes): " << why << "\n";
    }
    ++index;
  };
  if (framing == Framing::kSingle) {
    std::string value;
    char chunk[64 * 1024];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
      value.append(chunk, static_cast<size_t>(in.gcount()));
      if (value.size() > kMaxRecordBytes) {
        err << "error: the input is larger than a record can be (64 MiB)\n";
        return kExitUsage;
      }
    }
    decode(value);
  } else {
    std::string value;
    std::string broken;
    while (NextFrame(in, value, broken)) decode(value);
    if (!broken.empty()) {
      err << "error: after " << index << " records, " << broken << "\n";
      return kExitUsage;
    }
  }
  return undecoded == 0 ? kExitOk : kExitRefused;
}

void InstallEventsCommands(CommandTree& tree) {
  CLI::App& group = tree.Group(
      "events", "The suite's Kafka records, read with other tools (docs/INTEGRATION.md)");
  CLI::App* command = group.add_subcommand(
      "decode", "kcat's -f '%R%s' output (or one value) as JSON lines, one per record");
  auto input = std::make_shared<std::string>("-");
  auto framing = std::make_shared<std::string>("length-prefixed");
  command->add_option("--input", *input, "a file; - (default) reads standard input");
  command
      ->add_option("--framing", *framing,
                   "length-prefixed (kcat -f '%R%s', default) or single (one value)")
      ->check(CLI::IsMember({"length-prefixed", "single"}));
  tree.SetAction(*command, [input, framing](const CommandContext& context) {
    const Framing chosen = *framing == "single" ? Framing::kSingle : Framing::kLengthPrefixed;
    if (*input == "-") return DecodeEvents(std::cin, chosen, context.out, context.err);
    std::ifstream file(*input, std::ios::binary);
    if (!file) {
      context.err << "error: cannot read " << *input << "\n";
      return static_cast<int>(kExitUsage);
    }
    return DecodeEvents(file, chosen, context.out, context.err);
  });
}

}  // namespace stem::cli
