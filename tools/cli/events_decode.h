// `stem events decode`: the suite's Kafka records as JSON lines, for people and tools that
// read the topics directly (docs/INTEGRATION.md). Input is what kcat writes with
// `-f '%R%s'` (each value after its length, 32-bit big-endian); `--framing single` takes the
// whole input as one value. Each record becomes one line: the EventEnvelope in protobuf JSON
// with its payload typed. The topics hold refused attempts too: decode shows what was
// written, the fact stream (`stem facts follow-facts`) what counted.
#ifndef STEM_TOOLS_CLI_EVENTS_DECODE_H_
#define STEM_TOOLS_CLI_EVENTS_DECODE_H_

#include <istream>
#include <ostream>

#include "tools/cli/command_tree.h"

namespace stem::cli {

enum class Framing { kLengthPrefixed, kSingle };

// Decodes every record of `in` to `out`; a record that is no envelope is named on `err` and
// decoding goes on. kExitOk when all decoded, kExitRefused when some did not, kExitUsage when
// the framing is broken (a length past the end or above 64 MiB).
int DecodeEvents(std::istream& in, Framing framing, std::ostream& out, std::ostream& err);

void InstallEventsCommands(CommandTree& tree);

}  // namespace stem::cli

#endif  // STEM_TOOLS_CLI_EVENTS_DECODE_H_
