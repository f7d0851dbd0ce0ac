#!/usr/bin/env bash
# Runs the benchmarks against the broker at STEM_KAFKA_BOOTSTRAP. `make bench` builds and
# calls it under deploy/kafka/broker.sh run, which starts a broker and sets the variable.
#
#   bench/run.sh BUILD_DIR [ARGS...]    ARGS go to projection_rebuild_bench (e.g. --events=50000)
#
# Figures are only comparable within one run: the baseline is measured in the same run, so
# read the ratio column. Run it on a quiet machine; the load average printed first says
# how quiet it was.
set -euo pipefail

build_dir=${1:?usage: bench/run.sh BUILD_DIR [ARGS...]}
shift
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
echo "projection_rebuild_bench on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "broker $STEM_KAFKA_BOOTSTRAP"
"$bench" "$@"
