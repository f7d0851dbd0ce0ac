#!/usr/bin/env bash
# Command throughput and latency, measured with ghz against a real server, each figure
# over the gRPC health Check of the same server at the same concurrency in the same run.
#
#   bench/commands.sh BUILD_DIR [--log=embedded|kafka|both|bootstrap] [--requests=N]
#       [--items=N] [--history=N] [--audit=0|1] [--results=FILE]
#
# embedded: stem-allinone on a fresh data directory; kafka: stem-recognition on the broker
# at STEM_KAFKA_BOOTSTRAP (topics with a fresh prefix). The command is SubmitApplication by
# an officer, each request for another academy, so every one is accepted and appends a
# fact. Figures: command_<log>_c1 and command_<log>_c32 (commands/s over health checks/s),
# command_<log>_c1_p99_ms (p99 latency at concurrency 1 over the health Check's p99),
# peak_rss_mb_commands_<log> (the server's VmHWM over the 1 GiB budget). With kafka, also
# bulk_import_vs_produce: `items` RegisterActivity commands through one ImportCommands
# stream of a stem-activity, facts/s over a bare idempotent producer writing the same
# records (bench/bulk_import_bench.cc). And bootstrap_speedup_<history>: with `history`
# facts imported into one stem-activity, how long a new replica takes to be ready by replaying
# the log over how long one takes from a checkpoint of the first (--bootstrap_peers);
# peak_rss_mb_<history>: the largest VmHWM of those three and of a stem-audit that replays
# that history (ReplayAudit through the CLI; --audit=0 leaves it out), over the 1 GiB budget.
set -euo pipefail

build_dir=${1:?usage: bench/commands.sh BUILD_DIR [--log=embedded|kafka|both] [--requests=N] [--results=FILE]}
shift
build_dir=$(cd "$build_dir" && pwd)
logs=both
requests=4000
items=20000
history=1000000
audit=1
results=$build_dir/bench/results.json
for arg in "$@"; do
  case $arg in
    --log=*) logs=${arg#--log=} ;;
    --requests=*) requests=${arg#--requests=} ;;
    --items=*) items=${arg#--items=} ;;
    --history=*) history=${arg#--history=} ;;
    --audit=*) audit=${arg#--audit=} ;;
    --results=*) results=${arg#--results=} ;;
    *) echo "commands.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
shared_data=${STEM_SHARED_DATA_DIR:-$repo/../shared/data}
ghz=$("$here/install-ghz.sh")
# The health service is not described by the server's reflection (gRPC C++ serves it
# without a generated descriptor), so ghz reads its proto from Debian's grpc-proto.
grpc_proto_root=/usr/share/grpc-proto
if [[ -f $build_dir/CMakeCache.txt ]]; then
  cached=$(sed -n 's/^STEM_GRPC_PROTO_ROOT:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
  grpc_proto_root=${cached:-$grpc_proto_root}
fi
health_proto=$grpc_proto_root/grpc/health/v1/health.proto

work=$(mktemp -d "${TMPDIR:-/tmp}/stem-bench.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

(umask 077
 printf '%s\n' 'bench-officer-token-0001 OFFICER bench@vlaio.be' \
   'bench-operator-token-0001 OPERATOR bench-replicas' \
   'bench-auditor-token-0001 AUDITOR rekenhof' > "$work/tokens"
 printf '%s\n' 'bench-auditor-token-0001' > "$work/auditor-token"
 printf '%s\n' 'bench-operator-token-0001' > "$work/operator-token")
metadata='{"authorization":"Bearer bench-officer-token-0001"}'

# One request per academy (valid KBO numbers: 8 digits and 97 minus their remainder by 97).
requests_file() {  # FILE COUNT FIRST
  python3 - "$@" <<'PY'
import json, sys
path, count, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = []
for i in range(count):
    base = first + i
    kbo = f"{base:08d}{97 - base % 97:02d}"
    out.append({"request_id": f"bench-{kbo}", "kbo": kbo, "name": f"Academie {kbo}",
                "contact_email": f"info{base}@academie.be",
                "domains": ["STEM_DOMAIN_SCIENCE", "STEM_DOMAIN_TECHNOLOGY"],
                "ages": {"min_age": 6, "max_age": 14},
                "municipality_nis_codes": ["11002"],
                "attestations": {"outside_school_hours": True, "open_to_every_child": True,
                                 "offered_as_trajectories": True}})
json.dump(out, open(path, "w"))
PY
}

peak_kb_of() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$1/status"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ghz, its JSON report in $work/report.json.
load() {  # CALL CONCURRENCY COUNT [DATA_FILE]
  local call=$1 concurrency=$2 count=$3 data=${4:-}
  local args=(--insecure --call "$call" -c "$concurrency" -n "$count" --connections 1
              --format json --output "$work/report.json" -m "$metadata")
  if [[ -n $data ]]; then args+=(-D "$data"); else args+=(-d '{}' --proto "$health_proto"); fi
  "$ghz" "${args[@]}" "127.0.0.1:$port" >/dev/null
}

# "<rps> <p99 ms> <ok> <count>" of the last report.
summary() {
  python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p99 = next((d["latency"] for d in r.get("latencyDistribution") or [] if d["percentage"] == 99), 0)
ok = (r.get("statusCodeDistribution") or {}).get("OK", 0)
print(f'{r["rps"]:.1f} {p99 / 1e6:.2f} {ok} {r["count"]}')
PY
}

wait_serving() {
  for _ in $(seq 1 600); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "commands.sh: the server exited; its log:" >&2
      tail -20 "$work/server.log" >&2
      exit 1
    fi
    if load grpc.health.v1.Health.Check 1 1 2>/dev/null && [[ $(summary | cut -d' ' -f3) == 1 ]]; then
      return 0
    fi
    sleep 0.2
  done
  echo "commands.sh: the server did not become ready" >&2
  exit 1
}

start_server() {  # LOG [SERVICE]   SERVICE on kafka: recognition (default) or activity
  local service=${2:-recognition}
  topic_prefix="bench-$$-$RANDOM-"
  port=$(free_port)
  local common=(--data_dir="$work/data-$1" --token_file="$work/tokens" --listen="127.0.0.1:$port"
                --clock_start=2019-01-07T09:00:00Z --shared_data="$shared_data")
  if [[ $1 == embedded ]]; then
    "$build_dir/services/allinone/stem-allinone" "${common[@]}" >"$work/server.log" 2>&1 &
  else
    "$build_dir/services/$service/stem-$service" "${common[@]}" --log=kafka \
      --kafka_bootstrap="$STEM_KAFKA_BOOTSTRAP" --topic_prefix="$topic_prefix" \
      >"$work/server.log" 2>&1 &
  fi
  server_pid=$!
  wait_serving
}

stop_server() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

measure() {  # LOG
  local log=$1 first=2000000
  start_server "$log"
  for concurrency in 1 32; do
    local count=$requests
    [[ $concurrency == 1 ]] && count=$((requests / 4))
    # Warm both paths (connections, caches), then measure the health Check, then commands.
    load grpc.health.v1.Health.Check "$concurrency" 200
    load grpc.health.v1.Health.Check "$concurrency" $((count * 4))
    read -r check_rps check_p99 check_ok _ <<<"$(summary)"
    requests_file "$work/requests.json" "$count" "$first"
    first=$((first + count))
    load stem.recognition.v1.RecognitionService.SubmitApplication "$concurrency" "$count" \
      "$work/requests.json"
    read -r command_rps command_p99 command_ok command_count <<<"$(summary)"
    echo "$log c=$concurrency: SubmitApplication $command_rps/s (p99 $command_p99 ms," \
      "$command_ok of $command_count OK); health Check $check_rps/s (p99 $check_p99 ms, $check_ok OK)"
    if [[ $command_ok != "$command_count" ]]; then
      echo "commands.sh: not every command was accepted; the server log:" >&2
      tail -20 "$work/server.log" >&2
      exit 1
    fi
    python3 "$here/results.py" add "$results" "command_${log}_c$concurrency" "$command_rps" \
      "$check_rps" per_s --note "SubmitApplication over health Check, ghz c=$concurrency" >/dev/null
    if [[ $concurrency == 1 ]]; then
      python3 "$here/results.py" add "$results" "command_${log}_c1_p99_ms" "$command_p99" \
        "$check_p99" ms --note "p99 latency at c=1 over the health Check's" >/dev/null
    fi
  done
  # The server's peak resident memory over the whole run, against the 1 GiB budget.
  local peak_kb
  peak_kb=$(peak_kb_of "$server_pid")
  echo "$log: peak RSS of the server $((peak_kb / 1024)) MiB"
  python3 "$here/results.py" add "$results" "peak_rss_mb_commands_$log" "$((peak_kb / 1024))" \
    1024 MiB --note "VmHWM of the server after the command runs, over the 1 GiB budget" >/dev/null
  stop_server
}

measure_bulk_import() {
  start_server kafka activity
  "$build_dir/bench/bulk_import_bench" --server="127.0.0.1:$port" --token=bench-officer-token-0001 \
    --topic="${topic_prefix}stem.activity.events" --items="$items" | tee "$work/bulk.out"
  rate() { awk -v row="$1" '$1 == "RATE" && $2 == row { print $3 }' "$work/bulk.out"; }
  python3 "$here/results.py" add "$results" bulk_import_vs_produce "$(rate bulk_import)" \
    "$(rate raw_produce)" per_s \
    --note "RegisterActivity facts/s through ImportCommands over raw idempotent produce" >/dev/null
  local peak_kb
  peak_kb=$(peak_kb_of "$server_pid")
  echo "bulk import: peak RSS of the server $((peak_kb / 1024)) MiB"
  stop_server
}

# Starts BINARY (a service executable) on the broker and on the topics of the running
# server, with its own data directory and port and FLAGS, its log in $work/NAME.log, and
# waits until it logs that it is ready; sets launched_pid and launched_port.
launch_ready() {  # NAME BINARY [FLAGS...]
  local name=$1 binary=$2
  shift 2
  launched_port=$(free_port)
  "$binary" --data_dir="$work/data-$name" --token_file="$work/tokens" \
    --listen="127.0.0.1:$launched_port" --clock_start=2019-01-07T09:00:00Z \
    --shared_data="$shared_data" --log=kafka --kafka_bootstrap="$STEM_KAFKA_BOOTSTRAP" \
    --topic_prefix="$topic_prefix" "$@" >"$work/$name.log" 2>&1 &
  launched_pid=$!
  until grep -q "ready: caught up with the log" "$work/$name.log"; do
    if ! kill -0 "$launched_pid" 2>/dev/null; then
      echo "commands.sh: $name exited; its log:" >&2
      tail -20 "$work/$name.log" >&2
      exit 1
    fi
    sleep 0.01
  done
}

stop_launched() {
  kill -TERM "$launched_pid" 2>/dev/null || true
  wait "$launched_pid" 2>/dev/null || true
}

# A second stem-activity: "<seconds from its launch until it logged that it is ready> <its
# VmHWM in KiB>". Stopped afterwards.
time_to_ready() {  # NAME [FLAGS...]
  local name=$1 start end peak
  shift
  start=$(date +%s.%N)
  launch_ready "$name" "$build_dir/services/activity/stem-activity" "$@"
  end=$(date +%s.%N)
  peak=$(peak_kb_of "$launched_pid")
  stop_launched
  echo "$(python3 -c "print(f'{$end - $start:.3f}')") $peak"
}

# A stem-audit that replays the running stem-activity's history (ReplayAudit through the
# CLI, which fails unless the audit finds the projection equal to its replay): its VmHWM
# in KiB. Stopped afterwards.
audit_peak_kb() {
  launch_ready audit "$build_dir/services/audit/stem-audit" \
    --projection_endpoints="127.0.0.1:$port" --projection_token_file="$work/auditor-token"
  if ! "$build_dir/tools/cli/stem" audit replay-audit --server="127.0.0.1:$launched_port" \
      --token=bench-auditor-token-0001 --timeout=20m >"$work/audit.out" 2>&1; then
    echo "commands.sh: the replay audit failed:" >&2
    tail -20 "$work/audit.out" >&2
    exit 1
  fi
  peak_kb_of "$launched_pid"
  stop_launched
}

measure_bootstrap() {
  start_server kafka activity
  "$build_dir/bench/bulk_import_bench" --server="127.0.0.1:$port" --token=bench-officer-token-0001 \
    --topic="${topic_prefix}stem.activity.events" --items="$history" --import_only=1
  local replay checkpoint
  read -r replay replay_kb <<<"$(time_to_ready replay)"
  read -r checkpoint checkpoint_kb <<<"$(time_to_ready checkpoint \
    --bootstrap_peers="127.0.0.1:$port" --bootstrap_token_file="$work/operator-token")"
  grep -h "bootstrapped from" "$work/checkpoint.log" || {
    echo "commands.sh: the checkpoint replica did not bootstrap; its log:" >&2
    tail -20 "$work/checkpoint.log" >&2
    exit 1
  }
  local audit_kb=0
  [[ $audit == 1 ]] && audit_kb=$(audit_peak_kb)
  local peer_kb
  peer_kb=$(peak_kb_of "$server_pid")
  local label=$history
  [[ $history == 1000000 ]] && label=1m
  echo "bootstrap with $history facts: ready by replay in $replay s ($((replay_kb / 1024)) MiB)," \
    "from a checkpoint in $checkpoint s ($((checkpoint_kb / 1024)) MiB); the peer's peak" \
    "$((peer_kb / 1024)) MiB; the audit's $((audit_kb / 1024)) MiB"
  python3 "$here/results.py" add "$results" "bootstrap_speedup_$label" "$replay" "$checkpoint" s \
    --note "time to ready of a new stem-activity by replay over from a checkpoint (ratio: speedup), $history facts" >/dev/null
  local peak=$replay_kb
  for kb in "$checkpoint_kb" "$peer_kb" "$audit_kb"; do ((kb > peak)) && peak=$kb; done
  python3 "$here/results.py" add "$results" "peak_rss_mb_$label" "$((peak / 1024))" 1024 MiB \
    --note "largest VmHWM of the importing, replaying and bootstrapped replicas and of the auditing stem-audit, over the 1 GiB budget" >/dev/null
  stop_server
}

echo "commands.sh on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
case $logs in
  embedded) measure embedded ;;
  kafka) measure kafka; measure_bulk_import; measure_bootstrap ;;
  both) measure embedded; measure kafka; measure_bulk_import; measure_bootstrap ;;
  bootstrap) measure_bootstrap ;;
  *) echo "commands.sh: --log is embedded, kafka, both or bootstrap" >&2; exit 2 ;;
esac
