#!/bin/sh
# The image's entry point (/usr/local/bin/stem-entrypoint): starts the image's service
# (STEM_SERVICE, set at build time) with the container's defaults, then the arguments, so
# that any flag given wins (the last occurrence of a flag counts):
#   --listen=0.0.0.0:50051 --data_dir=/var/lib/stem (the volume)
#   --shared_data=/usr/share/stem/reference-data (mount the reference data there)
# An argument that is not a flag runs that command instead (e.g. `stem ops wait-ready`,
# the command-line client, or `sh`).
set -eu

# Secret files bind-mounted from the host keep the host's mode, and the services refuse a
# secret file that others than its owner may read: copy each file under
# /etc/stem/secrets-ro owner-only to /tmp/secrets first (the flags name those copies).
if [ -d /etc/stem/secrets-ro ]; then
  mkdir -p /tmp/secrets
  for secret in /etc/stem/secrets-ro/*; do
    [ -f "$secret" ] && install -m 0600 "$secret" "/tmp/secrets/$(basename "$secret")"
  done
fi

case "${1:-}" in
  '' | -*) ;;
  *) exec "$@" ;;
esac

exec "/usr/local/bin/stem-${STEM_SERVICE:?the image sets STEM_SERVICE}" \
  --listen="0.0.0.0:${STEM_GRPC_PORT:-50051}" \
  --data_dir=/var/lib/stem \
  --shared_data=/usr/share/stem/reference-data \
  "$@"
