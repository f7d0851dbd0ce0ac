#!/usr/bin/env bash
# The Kafka Streams peer of projection_rebuild_bench (row kafka_streams; BENCHMARKS.md): a
# Kafka Streams application that tallies the benchmark topic as our projection rebuild does
# (src/stem/bench/peer/TallyPeer.java says what it measures and prints).
#
#   bench/peer/run.sh --prepare     resolve the classpath and compile the peer, then exit
#   bench/peer/run.sh FLAGS...      run it: --bootstrap=HOST:PORT --topic=T --events=N
#                                   --aggregates=A [--threads=1] [--caching=true]
#
# Like deploy/kafka/broker.sh, the classpath comes from Maven (pom.xml beside this script;
# resolved once into ~/.m2, then offline) and is cached per pom content; the classes are
# compiled with javac per source content. Both only in the cache directory, never here.
#
# Environment:
#   STEM_BENCH_PEER_CACHE   where the classpath and classes go (bench/run.sh: BUILD_DIR/bench/
#                           peer-cache; default build/bench-peer-cache under the repository)
#   STEM_BENCH_PEER_HEAP    JVM heap (default: 1g)
#   JAVA_HOME               Java 17 or newer, with javac (default: the java on PATH)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${STEM_BENCH_PEER_CACHE:-$repo/build/bench-peer-cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)  # Maven takes a relative path as relative to the pom
heap=${STEM_BENCH_PEER_HEAP:-1g}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac_bin=${JAVA_HOME:+$JAVA_HOME/bin/}javac

log() { echo "peer/run.sh: $*" >&2; }

# shellcheck source=deploy/lib/maven_classpath.sh
source "$repo/deploy/lib/maven_classpath.sh"
# The dependencies' classpath, resolved once by Maven and cached per pom content.
classpath() { maven_classpath "$here/pom.xml" "$cache" "Kafka Streams"; }

# The peer's classes, compiled once per content of its sources (and of the classpath).
classes() {
  local cp=$1 key dir tmp
  local -a sources
  mapfile -t sources < <(find "$here/src" -name '*.java' | sort)
  key=$( (cat "${sources[@]}"; echo "$cp") | sha256sum | cut -c1-16)
  dir="$cache/classes-$key"
  if [[ ! -d $dir ]]; then
    log "compiling the peer into $dir"
    tmp=$(mktemp -d "$cache/classes-tmp.XXXXXX")
    "$javac_bin" --release 17 -Xlint:all -Werror -d "$tmp" -cp "$cp" "${sources[@]}" >&2 ||
      { rm -rf "$tmp"; return 1; }
    mv "$tmp" "$dir"
  fi
  echo "$dir"
}

cp=$(classpath)
dir=$(classes "$cp")
[[ ${1:-} == --prepare ]] && exit 0
# Its state directories (one per run, deleted by the peer) on the disk of the build tree.
mkdir -p "$cache/state"
exec "$java_bin" -Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
  "-Dlog4j2.configurationFile=$here/log4j2.properties" -cp "$dir:$cp" \
  stem.bench.peer.TallyPeer "--state_parent=$cache/state" "$@"
