#!/bin/sh
# The container's health check (/usr/local/bin/stem-healthcheck): asks grpc.health.v1 of the
# service in this container for the whole server (service ""), which is SERVING only when
# every projection has caught up with the log. Exits 0 when SERVING, non-zero otherwise
# (grpc_health_probe: 2 no connection, 3 RPC failed, 4 NOT_SERVING).
#
# Used by the image's HEALTHCHECK, docker-compose and, with mutual TLS on, the Kubernetes
# probes (the kubelet's own gRPC probe cannot speak TLS). Settings, all optional:
#   STEM_HEALTH_ADDR             host:port (default 127.0.0.1:$STEM_GRPC_PORT, that is
#                                127.0.0.1:50051 unless the entry point's port was moved)
#   STEM_HEALTH_SERVICE          the gRPC service to ask about (default "", the server)
#   STEM_HEALTH_TIMEOUT          connect and RPC timeout (default 3s)
#   STEM_HEALTH_TLS_DIR          mutual TLS: a directory with tls.crt and tls.key (a client
#                                certificate the server accepts) and ca.crt
#   STEM_HEALTH_TLS_SERVER_NAME  with TLS: verify the server certificate (against ca.crt)
#                                for this name; empty: the loopback probe does not verify it
set -eu

timeout=${STEM_HEALTH_TIMEOUT:-3s}
set -- -addr="${STEM_HEALTH_ADDR:-127.0.0.1:${STEM_GRPC_PORT:-50051}}" -service="${STEM_HEALTH_SERVICE:-}" \
  -connect-timeout="$timeout" -rpc-timeout="$timeout"

tls_dir=${STEM_HEALTH_TLS_DIR:-}
if [ -n "$tls_dir" ]; then
  set -- "$@" -tls -tls-client-cert="$tls_dir/tls.crt" -tls-client-key="$tls_dir/tls.key"
  if [ -n "${STEM_HEALTH_TLS_SERVER_NAME:-}" ]; then
    set -- "$@" -tls-ca-cert="$tls_dir/ca.crt" -tls-server-name="$STEM_HEALTH_TLS_SERVER_NAME"
  else
    set -- "$@" -tls-no-verify
  fi
fi

exec "${STEM_HEALTH_PROBE:-/usr/local/bin/grpc-health-probe}" "$@"
