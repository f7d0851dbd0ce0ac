#!/usr/bin/env bash
# Runs the benchmarks against the broker at STEM_KAFKA_BOOTSTRAP and writes their figures
# to BUILD_DIR/bench/results.json (bench/results.py; `bench/results.py table FILE` prints
# them as BENCHMARKS.md's table). `make bench` builds and calls it under
# deploy/kafka/broker.sh run, which starts a broker and sets the variable.
#
#   bench/run.sh BUILD_DIR [--smoke] [ARGS...]   ARGS go to projection_rebuild_bench
#
# --smoke: a tiny run of each benchmark (CTest bench_smoke), to keep them working; its
# figures mean nothing. Figures are only comparable within one run: each baseline is
# measured in the same run, so read the ratio column. Run it on a quiet machine; the load
# average printed first says how quiet it was.
set -euo pipefail

build_dir=${1:?usage: bench/run.sh BUILD_DIR [--smoke] [ARGS...]}
shift
smoke=0
if [[ ${1:-} == --smoke ]]; then smoke=1; shift; fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -z ${STEM_KAFKA_BOOTSTRAP:-} ]]; then
  echo "run.sh: STEM_KAFKA_BOOTSTRAP is not set; use \`make bench\` or" \
    "\`deploy/kafka/broker.sh run -- bench/run.sh $build_dir\`" >&2
  exit 2
fi
bench=$build_dir/bench/projection_rebuild_bench
if [[ ! -x $bench ]]; then
  echo "run.sh: $bench is not built (cmake --build $build_dir --target projection_rebuild_bench)" >&2
  exit 2
fi
results=$build_dir/bench/results.json
command_args=()
# The Kafka Streams peer (row kafka_streams): its classpath resolved (from ~/.m2 once it has
# been filled, else from Maven Central) and its classes compiled now, not in a measured round.
STEM_BENCH_PEER_CACHE=$(cd "$build_dir" && pwd)/bench/peer-cache
export STEM_BENCH_PEER_CACHE
"$here/peer/run.sh" --prepare
rebuild_args=(--peer="$here/peer/run.sh" "$@")
if [[ $smoke == 1 ]]; then
  results=$build_dir/bench/smoke-results.json
  # Without the audit of the history: under the load of a whole `make test` it once
  # reported a partition's end as 0 (a false divergence, not understood yet).
  command_args=(--requests=64 --items=200 --history=2000 --audit=0)
  rebuild_args=(--events=2000 --aggregates=50 --repeats=1 "${rebuild_args[@]}")
fi
rm -f "$results"

echo "projection_rebuild_bench on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "broker $STEM_KAFKA_BOOTSTRAP"
output=$(mktemp)
trap 'rm -f "$output"' EXIT
"$bench" "${rebuild_args[@]}" | tee "$output"
rate() { awk -v row="$1" '$1 == "RATE" && $2 == row { print $3 }' "$output"; }
if [[ -n $(rate nosync_big) && -n $(rate consume_parse) ]]; then
  python3 "$here/results.py" add "$results" rebuild_vs_consume_parse "$(rate nosync_big)" \
    "$(rate consume_parse)" events_per_s \
    --note "runner rebuild (no sync, batch 5000) over librdkafka consume+parse, same topic"
fi
if [[ -n $(rate nosync_big) && -n $(rate kafka_streams) ]]; then
  note="runner rebuild (no sync, batch 5000) over a Kafka Streams app tallying the same topic"
  note+=" (exactly_once_v2, cached RocksDB store with changelog, 1 stream thread)"
  python3 "$here/results.py" add "$results" rebuild_vs_kafka_streams "$(rate nosync_big)" \
    "$(rate kafka_streams)" events_per_s --note "$note"
fi
if [[ -n $(rate nosync_big) && -n $(rate baseline) ]]; then
  python3 "$here/results.py" add "$results" rebuild_vs_consume "$(rate nosync_big)" \
    "$(rate baseline)" events_per_s \
    --note "runner rebuild (no sync, batch 5000) over bare librdkafka consume, same topic"
fi

"$here/commands.sh" "$build_dir" --log=both --results="$results" "${command_args[@]}"
echo
python3 "$here/results.py" table "$results"
