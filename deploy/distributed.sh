#!/usr/bin/env bash
# The distributed mode end to end: the four services and the audit as separate processes
# on a real Kafka broker (each with its own RocksDB store and its own manual clock, moved
# together by the demo), loaded with the same story as `make demo` through their gRPC APIs,
# then audited by stem-audit (which reads Kafka itself and compares with each service's
# live projections).
#
#   deploy/distributed.sh BUILD_DIR [--keep] [stem-demo flags, e.g. --seed=7]
#
# Without STEM_KAFKA_BOOTSTRAP it starts a broker on loopback (deploy/kafka/broker.sh run)
# and stops it at the end. --keep leaves the data directory (stores, tokens, logs).
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: $0 BUILD_DIR [--keep] [stem-demo flags]" >&2
  exit 2
fi
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -z "${STEM_KAFKA_BOOTSTRAP:-}" ]]; then
  exec "$repo/deploy/kafka/broker.sh" run -- "$0" "$@"
fi
build_dir=$(cd "$1" && pwd)
shift
keep=0
demo_flags=()
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    *) demo_flags+=("$arg") ;;
  esac
done

demo="$build_dir/tools/demo/stem-demo"
declare -A binaries=(
  [recognition]="$build_dir/services/recognition/stem-recognition"
  [activity]="$build_dir/services/activity/stem-activity"
  [partnership]="$build_dir/services/partnership/stem-partnership"
  [subsidy]="$build_dir/services/subsidy/stem-subsidy"
  [audit]="$build_dir/services/audit/stem-audit"
)
for binary in "$demo" "${binaries[@]}"; do
  if [[ ! -x "$binary" ]]; then
    echo "distributed: $binary is not built" >&2
    exit 2
  fi
done

shared_data="${STEM_SHARED_DATA_DIR:-}"
if [[ -z "$shared_data" && -f "$build_dir/CMakeCache.txt" ]]; then
  shared_data=$(sed -n 's/^STEM_SHARED_DATA_DIR:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
fi
shared_data="${shared_data:-$repo/../shared/data}"

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/stem-distributed.XXXXXX")
# One deployment's topics and consumer groups, apart from any other on the broker.
prefix="demo-$(date +%s)-$$."
declare -A pids=()
declare -A ports=()
declare -A metrics_ports=()

finish() {
  local status=$?
  for name in "${!pids[@]}"; do kill -TERM "${pids[$name]}" 2>/dev/null || true; done
  for name in "${!pids[@]}"; do wait "${pids[$name]}" 2>/dev/null || true; done
  if [[ $status -ne 0 ]]; then
    for name in "${!binaries[@]}"; do
      [[ -s "$data_dir/$name.log" ]] || continue
      echo "distributed: the last words of $name:" >&2
      tail -n 10 "$data_dir/$name.log" >&2
    done
  fi
  if [[ $keep -eq 1 ]]; then
    echo "distributed: the data directory is kept: $data_dir"
  else
    rm -rf "$data_dir"
  fi
  exit $status
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a process of the suite on a port of its own choosing and waits for it to say which.
start() {
  local name=$1
  shift
  "${binaries[$name]}" --log=kafka --kafka_bootstrap="$STEM_KAFKA_BOOTSTRAP" \
    --kafka_transactional_id="${prefix}${name}-0" --topic_prefix="$prefix" --partitions=3 \
    --data_dir="$data_dir/$name" --token_file="$data_dir/tokens" \
    --fact_key_file="$data_dir/fact-keys" \
    --clock_start="$clock_start" --listen=127.0.0.1:0 --shared_data="$shared_data" \
    --metrics_listen=127.0.0.1:0 "$@" 2>"$data_dir/$name.log" &
  pids[$name]=$!
  local port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's/.*listening on port \([0-9][0-9]*\).*/\1/p' "$data_dir/$name.log" | head -n 1)
    [[ -n "$port" ]] && break
    if ! kill -0 "${pids[$name]}" 2>/dev/null; then
      echo "distributed: $name exited before it listened" >&2
      exit 1
    fi
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "distributed: $name did not listen within 60 s" >&2; exit 1; }
  ports[$name]=$port
  metrics_ports[$name]=$(sed -n 's/.*metrics on port \([0-9][0-9]*\).*/\1/p' "$data_dir/$name.log" | head -n 1)
  echo "distributed: $name (pid ${pids[$name]}) on 127.0.0.1:$port, metrics on :${metrics_ports[$name]}"
}

clock_start=$("$demo" --write_tokens --token_file="$data_dir/tokens" \
  --shared_data="$shared_data" "${demo_flags[@]}")
awk '$2 == "AUDITOR" { print $1; exit }' "$data_dir/tokens" >"$data_dir/auditor-token"
# The facts' MAC key, shared by every writer and reader of the suite (rulebook section 9).
(umask 077 && printf 'demo-1 %s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
  >"$data_dir/fact-keys")

echo "distributed: Kafka at $STEM_KAFKA_BOOTSTRAP, topics ${prefix}*, data in $data_dir"
for name in recognition activity partnership subsidy; do start "$name"; done
start audit \
  --projection_endpoints="127.0.0.1:${ports[recognition]},127.0.0.1:${ports[activity]},127.0.0.1:${ports[partnership]},127.0.0.1:${ports[subsidy]}" \
  --projection_token_file="$data_dir/auditor-token"

"$demo" --server="127.0.0.1:${ports[subsidy]}" \
  --server_recognition="127.0.0.1:${ports[recognition]}" \
  --server_activity="127.0.0.1:${ports[activity]}" \
  --server_partnership="127.0.0.1:${ports[partnership]}" \
  --server_subsidy="127.0.0.1:${ports[subsidy]}" \
  --server_audit="127.0.0.1:${ports[audit]}" \
  --token_file="$data_dir/tokens" --shared_data="$shared_data" "${demo_flags[@]}" &
demo_pid=$!
pids[demo]=$demo_pid
wait "$demo_pid"

# What Prometheus would scrape from each process after the story (their access logs are in
# $data_dir/<name>.log, one JSON line per RPC).
for name in recognition activity partnership subsidy audit; do
  curl -fsS "http://127.0.0.1:${metrics_ports[$name]}/metrics" >"$data_dir/$name.metrics"
  rpcs=$(awk '/^stem_rpc_requests_total/ { sum += $NF } END { print sum + 0 }' "$data_dir/$name.metrics")
  facts=$(awk '/^stem_projection_facts_applied_total/ { sum += $NF } END { print sum + 0 }' "$data_dir/$name.metrics")
  echo "distributed: $name metrics: $rpcs RPCs answered, $facts facts applied"
  if [[ $rpcs -eq 0 ]] || ! grep -q '^stem_build_info' "$data_dir/$name.metrics"; then
    echo "distributed: $name's metrics lack its RPCs or its build" >&2
    exit 1
  fi
done

# What a tool that reads Kafka sees (docs/INTEGRATION.md): the recognition topic read with
# kcat, each record decoded by `stem events decode`, with its headers; and the same context
# through the fact stream, which sends the accepted facts only (never more than the topic
# holds: refused attempts stay in the topic).
stem="$build_dir/tools/cli/stem"
topic="${prefix}stem.recognition.events"
kcat -C -b "$STEM_KAFKA_BOOTSTRAP" -t "$topic" -e -q -f '%R%s' >"$data_dir/recognition.records"
"$stem" events decode --input "$data_dir/recognition.records" >"$data_dir/recognition.jsonl"
decoded=$(grep -c '"event_type":"stem\.' "$data_dir/recognition.jsonl" || true)
with_headers=$(kcat -C -b "$STEM_KAFKA_BOOTSTRAP" -t "$topic" -e -q -f '%h\n' |
  grep -c 'stem-fact-type=stem\.' || true)
"$stem" facts follow-facts --server="127.0.0.1:${ports[recognition]}" \
  --token="$(cat "$data_dir/auditor-token")" --context=recognition --stop-when-caught-up \
  --output=json >"$data_dir/recognition.facts.jsonl"
streamed=$(grep -c '"fact"' "$data_dir/recognition.facts.jsonl" || true)
echo "distributed: $topic: $decoded records decoded (kcat | stem events decode)," \
  "$with_headers with their headers, $streamed accepted facts streamed (stem facts follow-facts)"
if [[ $decoded -eq 0 || $with_headers -ne $decoded || $streamed -eq 0 || $streamed -gt $decoded ]]; then
  echo "distributed: the topic's records, their headers or the fact stream are not what they should be" >&2
  exit 1
fi
