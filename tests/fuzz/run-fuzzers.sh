#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset `fuzz`: clang-14, ASan + UBSan, build/fuzz) and
# runs each for a bounded time, starting from its seed corpus and every crash found before
# (tests/fuzz/corpus/<target>, tests/fuzz/regressions/<target>), copied to a scratch
# directory: the fuzzer's new inputs never land in the repository. A crash, leak, timeout
# or out-of-memory input is copied to tests/fuzz/regressions/<target>/ (where every build's
# replay test runs it from then on) and fails the run.
#
# Usage: tests/fuzz/run-fuzzers.sh [--seconds N] [--jobs N] [target ...]
#   --seconds N  how long each target runs (default 25; `make fuzz` runs 300)
#   --jobs N     build jobs (default: the number of processors)
#   target       command_fuzz, frame_fuzz, projection_fuzz (default: all)
# Prints per target the inputs executed and libFuzzer's coverage at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir="$root/build/fuzz"
all_targets=(command_fuzz frame_fuzz projection_fuzz)

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

seconds=25
jobs=$(nproc)
targets=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "run-fuzzers: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "run-fuzzers: --seconds takes a whole number" >&2; exit 2; }
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")

# The largest input each target is given: the biggest request (an activity with 200
# sessions, a school calendar) and envelope with room to grow; a partition file of a few
# frames.
max_len() {
  case $1 in
    command_fuzz) echo 8192 ;;
    frame_fuzz) echo 4096 ;;
    projection_fuzz) echo 4096 ;;
    *) echo "run-fuzzers: no target $1 (${all_targets[*]})" >&2; return 1 ;;
  esac
}
for target in "${targets[@]}"; do max_len "$target" >/dev/null; done

cd "$root"
mkdir -p "$root/build"
# One build of build/fuzz at a time (make test and make fuzz may overlap): two ninja runs in
# one tree corrupt it.
exec 9>"$root/build/.fuzz.lock"
flock 9

scratch=$(mktemp -d "${TMPDIR:-/tmp}/stem-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

echo "run-fuzzers: configuring and building $build_dir (preset fuzz)"
if ! cmake --preset fuzz >"$scratch/configure.log" 2>&1; then
  cat "$scratch/configure.log" >&2
  exit 1
fi
cmake --build "$build_dir" --target stem_fuzz_targets -j "$jobs"

# The targets' logs and stores live on tmpfs when there is one: the partition file the frame
# target rewrites per input is synced, and so are the command target's stores.
state_root=$scratch
if [[ -d /dev/shm && -w /dev/shm ]]; then
  state_root=$(mktemp -d /dev/shm/stem-fuzz.XXXXXX)
  trap 'rm -rf "$scratch" "$state_root"' EXIT
fi

# The file of directory $2 with the bytes of $1, if there is one.
known_regression() {
  local known
  for known in "$2"/*; do
    if [[ -f $known ]] && cmp -s "$1" "$known"; then
      echo "$known"
      return 0
    fi
  done
  return 1
}

failed=()
summary=()
for target in "${targets[@]}"; do
  work="$scratch/$target"
  mkdir -p "$work/corpus" "$work/artifacts" "$state_root/$target"
  for source in "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target"; do
    if [[ -d $source ]]; then
      find "$source" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$work/corpus/" \;
    fi
  done
  echo "run-fuzzers: $target for ${seconds}s"
  status=0
  TEST_TMPDIR="$state_root/$target" TMPDIR="$state_root/$target" \
    "$build_dir/tests/fuzz/$target" "$work/corpus" \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -rss_limit_mb=4096 -timeout=60 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$work/log" 2>&1 || status=$?

  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  coverage=$(grep -E '^#[0-9]+' "$work/log" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' |
    tail -1 || true)
  if [[ $status -eq 0 ]]; then
    summary+=("$target: ${executed:-?} inputs executed in ${seconds}s, ${coverage:-no coverage line}")
  else
    summary+=("$target: FAILED after ${executed:-?} inputs, ${coverage:-before any coverage line}")
    failed+=("$target")
    mkdir -p "tests/fuzz/regressions/$target"
    kept=()
    for artifact in "$work"/artifacts/*; do
      [[ -f $artifact ]] || continue
      # A regression that still fails is found again: keep each input once.
      if known=$(known_regression "$artifact" "tests/fuzz/regressions/$target"); then
        kept+=("$known (known)")
      else
        cp "$artifact" "tests/fuzz/regressions/$target/"
        kept+=("tests/fuzz/regressions/$target/$(basename "$artifact")")
      fi
    done
    echo "run-fuzzers: $target FAILED (exit $status); kept: ${kept[*]:-nothing}" >&2
    grep -vE '^#[0-9]+|^"|^	NEW_FUNC' "$work/log" | tail -80 >&2
  fi
done

echo
echo "run-fuzzers: summary"
for line in "${summary[@]}"; do echo "  $line"; done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run-fuzzers: failed: ${failed[*]} (inputs in tests/fuzz/regressions/)" >&2
  exit 1
fi
