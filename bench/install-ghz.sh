#!/usr/bin/env bash
# Builds ghz (the gRPC load generator the command benchmarks use) with `go install` from
# its Go module into $STEM_TOOLS_DIR/bin (default ~/.cache/stem-tools/bin), once: a version
# stamp makes later calls instant and offline. Prints the path of the binary.
set -euo pipefail

GHZ_MODULE=github.com/bojand/ghz/cmd/ghz
GHZ_VERSION=v0.93.0

tools_dir=${STEM_TOOLS_DIR:-${HOME:-/root}/.cache/stem-tools}
bin_dir=$tools_dir/bin
mkdir -p "$bin_dir"
exec 9>"$tools_dir/.ghz.lock"
flock 9

stamp=$bin_dir/.ghz-$GHZ_VERSION
if [[ ! -x $bin_dir/ghz || ! -e $stamp ]]; then
  if ! command -v go >/dev/null; then
    [[ -x /usr/local/go/bin/go ]] || { echo "install-ghz: go is needed to build ghz" >&2; exit 1; }
    PATH=/usr/local/go/bin:$PATH
  fi
  echo "install-ghz: go install $GHZ_MODULE@$GHZ_VERSION (a few minutes the first time)" >&2
  rm -f "$bin_dir"/.ghz-*
  GOBIN=$bin_dir CGO_ENABLED=0 GOFLAGS=-trimpath \
    nice -n 10 go install -ldflags='-s -w' "$GHZ_MODULE@$GHZ_VERSION" >&2
  touch "$stamp"
fi
echo "$bin_dir/ghz"
