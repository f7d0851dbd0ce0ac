#!/usr/bin/env bash
# A real, single-node Apache Kafka broker (KRaft: combined broker and controller) on loopback,
# for the integration tests, the benchmarks and the distributed demo. No Docker: Kafka comes
# from Maven Central (pom.xml beside this script) and runs on the machine's Java 17.
#
#   broker.sh start            start a fresh broker (new data, ports, cluster id), print its
#                              bootstrap address
#   broker.sh start --keep     start the broker of the state directory again: same data,
#                              cluster id, ports and certificates (after `kill` or `stop`)
#   broker.sh stop             stop it (SIGTERM, then SIGKILL after 20 s)
#   broker.sh restart          stop (SIGTERM), then start --keep
#   broker.sh kill             SIGKILL its JVM, as a crash would
#   broker.sh status           exit 0 when it answers
#   broker.sh run -- CMD...    start, run CMD with STEM_KAFKA_BOOTSTRAP set, stop (also when
#                              CMD fails); exit with CMD's status
#
# Besides its PLAINTEXT listener the broker has two encrypted, authenticated ones, for tests of
# the suite's Kafka clients, with a CA and certificates made here with openssl:
#   SASL_SSL  SASL/PLAIN over TLS. Not SCRAM: Debian 12's librdkafka 2.0.2 cannot log in with
#             SCRAM to Kafka 4 (it repeats the client nonce, which Kafka 4 refuses; fixed in
#             librdkafka 2.6.1, confluentinc/librdkafka#4895).
#   MTLS      TLS with a client certificate required (security.protocol=SSL for the client).
# `run` also exports STEM_KAFKA_CA (the CA's PEM), STEM_KAFKA_SASL_BOOTSTRAP,
# STEM_KAFKA_SASL_USERNAME, STEM_KAFKA_SASL_PASSWORD, STEM_KAFKA_MTLS_BOOTSTRAP and
# STEM_KAFKA_CLIENT_CERT / STEM_KAFKA_CLIENT_KEY (a client certificate signed by the CA).
#
# Environment:
#   STEM_KAFKA_STATE   state directory (default: build/kafka under the repository)
#   STEM_KAFKA_CACHE   where the resolved classpath is cached (default: build/kafka-cache)
#   STEM_KAFKA_PORT    client port (default: a free port); the controller takes the next free one
#   STEM_KAFKA_HEAP    JVM heap (default: 1g)
#   JAVA_HOME          Java 17 or newer (default: the java on PATH)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
state=${STEM_KAFKA_STATE:-$repo/build/kafka}
# The resolved classpath is cached apart from the state, which tests may keep per broker.
cache=${STEM_KAFKA_CACHE:-$repo/build/kafka-cache}
heap=${STEM_KAFKA_HEAP:-1g}
sasl_user=stem
sasl_password=stem-test-secret
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

log() { echo "broker.sh: $*" >&2; }

# shellcheck source=deploy/lib/maven_classpath.sh
source "$repo/deploy/lib/maven_classpath.sh"
# The broker's classpath, resolved once by Maven into ~/.m2 and cached per pom content.
classpath() { maven_classpath "$here/pom.xml" "$cache" "Apache Kafka"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! port_open "$port" && [[ $port != "${1:-}" ]]; then
      echo "$port"
      return
    fi
  done
  log "no free port found"
  return 1
}

pid_alive() { [[ -f $state/broker.pid ]] && kill -0 "$(cat "$state/broker.pid")" 2>/dev/null; }

bootstrap() { cat "$state/bootstrap"; }

# A CA and a certificate for 127.0.0.1 signed by it (PEM; the key PKCS#8, as Kafka reads it).
make_tls() {
  local tls=$state/tls
  rm -rf "$tls" && mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=stem test CA" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$tls/broker.key" -out "$tls/broker.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/san.ext"
  openssl x509 -req -in "$tls/broker.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" \
    -CAcreateserial -days 2 -extfile "$tls/san.ext" -out "$tls/broker.crt" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$tls/broker.key" -out "$tls/broker.pk8" 2>/dev/null
  cat "$tls/broker.pk8" "$tls/broker.crt" >"$tls/broker-keystore.pem"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=stem-test-client" \
    -keyout "$tls/client.key" -out "$tls/client.csr" 2>/dev/null
  openssl x509 -req -in "$tls/client.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" \
    -CAcreateserial -days 2 -out "$tls/client.crt" 2>/dev/null
}

start() {
  if pid_alive; then
    log "already running at $(bootstrap)"
    bootstrap
    return
  fi
  if [[ ${1:-} == --keep ]]; then
    [[ -s $state/server.properties && -d $state/data ]] ||
      { log "start --keep: no broker state in $state"; return 1; }
    launch
    return
  fi
  local cp port controller_port sasl_port mtls_port data
  cp=$(classpath)
  port=${STEM_KAFKA_PORT:-$(free_port)}
  controller_port=$(free_port "$port")
  sasl_port=$(free_port "$controller_port")
  mtls_port=$(free_port "$sasl_port")
  make_tls
  data="$state/data"
  rm -rf "$data"
  mkdir -p "$data"
  cat >"$state/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_SSL://127.0.0.1:$sasl_port,MTLS://127.0.0.1:$mtls_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_SSL://127.0.0.1:$sasl_port,MTLS://127.0.0.1:$mtls_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_password";
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.location=$state/tls/broker-keystore.pem
listener.name.mtls.ssl.keystore.type=PEM
listener.name.mtls.ssl.keystore.location=$state/tls/broker-keystore.pem
listener.name.mtls.ssl.truststore.type=PEM
listener.name.mtls.ssl.truststore.location=$state/tls/ca.crt
listener.name.mtls.ssl.client.auth=required
log.dirs=$data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
log.segment.bytes=268435456
EOF
  cat >"$state/log4j2.properties" <<EOF
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$state/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
EOF
  local -a opts
  read -r -a opts <<<"$(java_opts)"
  "$java_bin" "${opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
    -t "$("$java_bin" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
    -c "$state/server.properties" >"$state/format.log" 2>&1 ||
    { cat "$state/format.log" >&2; return 1; }
  echo "127.0.0.1:$port" >"$state/bootstrap"
  echo "127.0.0.1:$sasl_port" >"$state/sasl_bootstrap"
  echo "127.0.0.1:$mtls_port" >"$state/mtls_bootstrap"
  launch
}

java_opts() {
  echo -Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$state/log4j2.properties"
}

# Starts the JVM on the state directory's configuration and waits until it serves.
launch() {
  local cp port
  cp=$(classpath)
  port=$(bootstrap | cut -d: -f2)
  local -a opts
  read -r -a opts <<<"$(java_opts)"
  : >"$state/server.log"
  nohup "$java_bin" "${opts[@]}" -cp "$cp" kafka.Kafka "$state/server.properties" \
    >"$state/stdout.log" 2>&1 &
  echo $! >"$state/broker.pid"
  # Ready when the broker has registered with its controller and serves clients.
  for _ in $(seq 1 120); do
    if ! pid_alive; then
      log "the broker exited; see $state/stdout.log and $state/server.log"
      tail -n 30 "$state/stdout.log" "$state/server.log" >&2 || true
      return 1
    fi
    if port_open "$port" && grep -q "Kafka Server started\|started (kafka.server.KafkaRaftServer)" \
      "$state/server.log" 2>/dev/null; then
      log "Apache Kafka is up at 127.0.0.1:$port (state in $state)"
      bootstrap
      return
    fi
    sleep 0.5
  done
  log "the broker did not start within 60 s; see $state/server.log"
  stop
  return 1
}

stop() {
  pid_alive || { rm -f "$state/broker.pid"; return 0; }
  local pid
  pid=$(cat "$state/broker.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$state/broker.pid"
  log "stopped"
}

# SIGKILL, as a crash or the OOM killer would: no controlled shutdown, no flush.
kill_broker() {
  pid_alive || { rm -f "$state/broker.pid"; return 0; }
  local pid
  pid=$(cat "$state/broker.pid")
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$state/broker.pid"
  log "killed"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  restart)
    stop
    start --keep
    ;;
  kill) kill_broker ;;
  status) pid_alive && port_open "$(bootstrap | cut -d: -f2)" ;;
  run)
    shift
    [[ ${1:-} == -- ]] && shift
    [[ $# -gt 0 ]] || { log "usage: broker.sh run -- CMD..."; exit 2; }
    trap stop EXIT
    STEM_KAFKA_BOOTSTRAP=$(start)
    STEM_KAFKA_SASL_BOOTSTRAP=$(cat "$state/sasl_bootstrap")
    STEM_KAFKA_CA=$state/tls/ca.crt
    STEM_KAFKA_SASL_USERNAME=$sasl_user
    STEM_KAFKA_SASL_PASSWORD=$sasl_password
    STEM_KAFKA_MTLS_BOOTSTRAP=$(cat "$state/mtls_bootstrap")
    STEM_KAFKA_CLIENT_CERT=$state/tls/client.crt
    STEM_KAFKA_CLIENT_KEY=$state/tls/client.key
    export STEM_KAFKA_BOOTSTRAP STEM_KAFKA_SASL_BOOTSTRAP STEM_KAFKA_CA STEM_KAFKA_SASL_USERNAME \
      STEM_KAFKA_SASL_PASSWORD STEM_KAFKA_MTLS_BOOTSTRAP STEM_KAFKA_CLIENT_CERT \
      STEM_KAFKA_CLIENT_KEY
    set +e
    "$@"
    status=$?
    set -e
    exit $status
    ;;
  *)
    echo "usage: $0 start [--keep]|stop|restart|kill|status|run -- CMD..." >&2
    exit 2
    ;;
esac
