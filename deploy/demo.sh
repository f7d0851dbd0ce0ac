#!/usr/bin/env bash
# The demo: starts the all-in-one suite on a fresh temporary data directory, loads a
# realistic 2019-2021 story of the Flemish STEM-academies into it through the public gRPC
# API (tools/demo/stem-demo), prints the allocations, the coverage per province, the
# budgets and the auditor's verdict, and stops the server, also when something fails.
#
#   deploy/demo.sh BUILD_DIR [--keep] [stem-demo flags, e.g. --seed=7]
#
# --keep leaves the data directory (log, stores, tokens, server log) for a look around;
# otherwise it is removed. The reference data is read where it lies: $STEM_SHARED_DATA_DIR,
# else the build's STEM_SHARED_DATA_DIR (CMakeCache.txt), else ../shared/data.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: $0 BUILD_DIR [--keep] [stem-demo flags]" >&2
  exit 2
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

allinone="$build_dir/services/allinone/stem-allinone"
demo="$build_dir/tools/demo/stem-demo"
stem="$build_dir/tools/cli/stem"
for binary in "$allinone" "$demo" "$stem"; do
  if [[ ! -x "$binary" ]]; then
    echo "demo: $binary is not built (cmake --build $build_dir --target stem-allinone stem-demo stem)" >&2
    exit 2
  fi
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared_data="${STEM_SHARED_DATA_DIR:-}"
if [[ -z "$shared_data" && -f "$build_dir/CMakeCache.txt" ]]; then
  shared_data=$(sed -n 's/^STEM_SHARED_DATA_DIR:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
fi
shared_data="${shared_data:-$repo/../shared/data}"
if [[ ! -f "$shared_data/flemish_municipalities_2019.csv" ]]; then
  echo "demo: no reference data in $shared_data: set STEM_SHARED_DATA_DIR" >&2
  exit 2
fi
shared_data=$(cd "$shared_data" && pwd)

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/stem-demo.XXXXXX")
server_log="$data_dir/server.log"
server_pid=""
demo_pid=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

finish() {
  local status=$?
  if [[ -n "$demo_pid" ]] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -TERM "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  stop_server
  if [[ $status -ne 0 && -s "$server_log" ]]; then
    echo "demo: failed (exit $status); the server's last words:" >&2
    tail -n 20 "$server_log" >&2
  fi
  if [[ $keep -eq 1 ]]; then
    echo "demo: the data directory is kept: $data_dir (suite/, tokens, server.log)"
  else
    rm -rf "$data_dir"
  fi
  exit $status
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Tokens for every actor of the story; the answer is the instant the clock must start at.
clock_start=$("$demo" --write_tokens --token_file="$data_dir/tokens" \
  --shared_data="$shared_data" "${demo_flags[@]}")

# The facts' MAC key (rulebook section 9), owner-only, outside the suite's data directory.
(umask 077 && printf 'demo-1 %s\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
  >"$data_dir/fact-keys")

# The audit's key that signs checkpoints of the log, apart from the facts' key.
(umask 077 && openssl genpkey -algorithm ed25519 -out "$data_dir/checkpoint-key.pem")

"$allinone" --data_dir="$data_dir/suite" --token_file="$data_dir/tokens" \
  --fact_key_file="$data_dir/fact-keys" --checkpoint_key_file="$data_dir/checkpoint-key.pem" \
  --clock_start="$clock_start" --listen=127.0.0.1:0 --shared_data="$shared_data" \
  --metrics_listen=127.0.0.1:0 2>"$server_log" &
server_pid=$!

# The server says which port it took (listening on port N).
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*listening on port \([0-9][0-9]*\).*/\1/p' "$server_log" | head -n 1)
  [[ -n "$port" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "demo: stem-allinone exited before it listened" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "demo: stem-allinone did not listen within 30 s" >&2
  exit 1
fi
metrics_port=$(sed -n 's/.*metrics on port \([0-9][0-9]*\).*/\1/p' "$server_log" | head -n 1)
echo "demo: stem-allinone (pid $server_pid) on 127.0.0.1:$port, metrics on" \
  "http://127.0.0.1:$metrics_port/metrics, data in $data_dir"

# In the background and waited for, so that a signal to this script stops both at once.
"$demo" --server="127.0.0.1:$port" --token_file="$data_dir/tokens" \
  --shared_data="$shared_data" "${demo_flags[@]}" &
demo_pid=$!
wait "$demo_pid"

# What an operator sees: Prometheus metrics, and one JSON access-log line per RPC.
curl -fsS "http://127.0.0.1:$metrics_port/metrics" >"$data_dir/metrics.txt"
rpcs=$(awk '/^stem_rpc_requests_total/ { sum += $NF } END { print sum + 0 }' "$data_dir/metrics.txt")
facts=$(awk '/^stem_projection_facts_applied_total/ { sum += $NF } END { print sum + 0 }' \
  "$data_dir/metrics.txt")
access_lines=$(grep -c '"message":"rpc"' "$server_log" || true)
echo "demo: metrics: $rpcs RPCs answered, $facts facts applied by the projections;" \
  "$access_lines access-log lines (JSON, with trace ids) in the server's log"
if [[ $rpcs -eq 0 || $access_lines -lt $rpcs ]]; then
  echo "demo: every RPC should be counted and logged ($rpcs counted, $access_lines logged)" >&2
  exit 1
fi
if ! grep -q '^stem_audit_replays_total{result="passed"} [1-9]' "$data_dir/metrics.txt"; then
  echo "demo: the metrics do not count the auditor's passed replay" >&2
  exit 1
fi

# An auditor keeps a signed checkpoint of the log outside the suite, and can prove later
# that the log extends it unchanged (rulebook section 9; docs/CHECKPOINTS.md).
auditor_token=$(awk '$2 == "AUDITOR" { print $1; exit }' "$data_dir/tokens")
"$stem" audit save-checkpoint "$data_dir/checkpoint" --public_key="$data_dir/checkpoint.pub" \
  --server="127.0.0.1:$port" --token="$auditor_token"
echo "demo: the signed checkpoint of the log:"
sed 's/^/  /' "$data_dir/checkpoint"
"$stem" audit verify-checkpoint "$data_dir/checkpoint" --public_key="$data_dir/checkpoint.pub" \
  --server="127.0.0.1:$port" --token="$auditor_token"
