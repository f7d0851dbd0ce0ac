#!/usr/bin/env bash
# Runs a test with $STEM_PROMTOOL set to Prometheus's promtool, installed first (cached in
# ~/.cache/stem-tools by deploy/checks/install-tools.sh; `go install` the first time).
#   tests/integration/with-promtool.sh TEST_BINARY [ARGS...]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tool_path=$("$repo/deploy/checks/install-tools.sh" promtool)
STEM_PROMTOOL="${tool_path%%:*}/promtool"
export STEM_PROMTOOL
exec "$@"
