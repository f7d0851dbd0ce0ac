#!/usr/bin/env bash
# The protos against buf's rules (CTest lint_protos):
#   buf lint      the STANDARD rules (package stem.<name>.v1 in its directory, enums with an
#                 _UNSPECIFIED zero, one request and response message per RPC, ...), with the
#                 exceptions of proto/buf.yaml, each with its reason;
#   buf breaking  the FILE rules (no field, message, enum value or RPC removed, renumbered or
#                 retyped; what a client or a reader of the log relies on) against the last
#                 release tag (v*) when there is one, else against the committed protos when
#                 the work tree changed them, else against the previous commit's.
#
#   tests/lint/check_protos.sh BUILD_DIR
#
# buf reads descriptor sets made by protoc (Debian's), so the imports from Debian's
# googleapis resolve as they do in the build; buf itself comes from `go install`, cached
# (deploy/checks/install-tools.sh).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$(cd "$1" && pwd)
tool_path=$("$repo/deploy/checks/install-tools.sh" buf | tail -n 1)
buf=${tool_path%%:*}/buf
work=$(mktemp -d "${TMPDIR:-/tmp}/stem-protos.XXXXXX")
trap 'rm -rf "$work"' EXIT

googleapis=$(sed -n 's/^STEM_GOOGLEAPIS_PROTO_ROOT:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
[[ -n $googleapis ]] || { echo "no STEM_GOOGLEAPIS_PROTO_ROOT in $build_dir" >&2; exit 2; }

# The protos under `root` as a descriptor set with what proto/CMakeLists.txt puts in
# stem.protoset, for the side the build did not make: the protos compared with.
descriptor_set() {  # root output
  local root=$1 output=$2
  local -a files
  mapfile -t files < <(cd "$root" && find stem -name '*.proto' ! -path '*/testing/*' \
    ! -path 'stem/commands/*' | sort)
  protoc -I"$root" -I"$googleapis" -I/usr/include --include_imports --include_source_info \
    --descriptor_set_out="$output" "${files[@]/#/$root/}"
}
config=$(cat "$repo/proto/buf.yaml")
status=0

# The work tree's side is the build's own stem.protoset (proto/CMakeLists.txt).
current=$build_dir/stem.protoset
[[ -s $current ]] || { echo "no $current: build the target stem_descriptor_set" >&2; exit 2; }
echo "buf lint (STANDARD, proto/buf.yaml)"
"$buf" lint "$current#format=binpb" --path stem --config "$config" || status=1

against=""
if tag=$(git -C "$repo" describe --tags --abbrev=0 --match 'v*' 2>/dev/null); then
  against=$tag
elif ! git -C "$repo" diff --quiet HEAD -- proto 2>/dev/null; then
  against=HEAD
elif git -C "$repo" rev-parse --verify -q HEAD~1 >/dev/null; then
  against=HEAD~1
fi
if [[ -z $against ]]; then
  echo "buf breaking: skipped, no earlier commit to compare with"
else
  mkdir -p "$work/against"
  git -C "$repo" archive "$against" proto | tar -x -C "$work/against"
  descriptor_set "$work/against/proto" "$work/against.binpb"
  echo "buf breaking (FILE) against $against ($(git -C "$repo" rev-parse --short "$against"))"
  "$buf" breaking "$current#format=binpb" --against "$work/against.binpb#format=binpb" \
    --path stem --config "$config" || status=1
fi
exit $status
