// CLI11, for the files that build or read the command tree. Its inlined string helpers set
// off GCC 12's -Wnull-dereference (a false positive that the system-header exemption misses
// once inlined into our code), so that one warning is off around it.
#ifndef STEM_TOOLS_CLI_CLI11_H_
#define STEM_TOOLS_CLI_CLI11_H_

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#endif  // STEM_TOOLS_CLI_CLI11_H_
