#!/usr/bin/env bash
# `make test-container`: the runtime image of deploy/docker/Dockerfile built and run for real,
# with podman and runc from Debian (no Docker engine, no registry):
#
#   deploy/docker/test-container.sh BUILD_DIR
#
# 1. a Debian bookworm base image made with debootstrap from Debian's mirror (cached as a
#    tarball under $STEM_TOOLS_DIR/container, and as the image localhost/stem-base);
# 2. the image's runtime stage built over it from BUILD_DIR's executables
#    (--build-arg BINARIES=prebuilt: the code is not compiled a second time), for
#    stem-recognition and stem-audit;
# 3. stem-recognition started in it as compose runs it - read-only root, no capabilities,
#    no new privileges, compose's token and key files - on the embedded log; then the checks: its health check answers
#    SERVING, `stem ops wait-ready` from the host agrees, it runs as uid 10001, the root file
#    system refuses a write, and the two images share every layer but the service's own.
#
# Needs root or a user with subordinate ids for podman (rootless works the same way).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$(cd "$1" && pwd)
tools_dir=${STEM_TOOLS_DIR:-${HOME:-/root}/.cache/stem-tools}
cache_dir=$tools_dir/container
mkdir -p "$cache_dir"
mirror=${STEM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
base_image=localhost/stem-base:bookworm
prebuilt=$repo/deploy/docker/prebuilt
name=stem-test-container-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/stem-container.XXXXXX")

log() { echo "test-container: $*" >&2; }
fail() {
  log "FAIL: $*"
  podman logs "$name" 2>&1 | tail -n 20 | sed 's/^/  /' >&2 || true
  exit 1
}
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman volume rm -f "$name-data" >/dev/null 2>&1 || true
  find "$prebuilt" -mindepth 1 ! -name README.md ! -name .gitignore -delete 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# podman, runc and debootstrap come from Debian with the rest (deploy/install-deps.sh, which
# `make test-container` runs first); the probe from its Go module, as the image's probe stage.
for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run deploy/install-deps.sh"
done
tool_path=$("$repo/deploy/checks/install-tools.sh" grpc-health-probe | tail -n 1)
probe=${tool_path%%:*}/grpc-health-probe

# runc, and containers that keep the limits they are started with: podman raises the open
# files and processes limits by default, which a sandboxed CI machine does not permit
# (runc: "error setting rlimits"). The vfs store and cgroupfs where overlay mounts or
# systemd are not available (a CI container); podman's own defaults otherwise.
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
podman_flags=(--runtime runc)
if ! podman info >/dev/null 2>&1; then
  podman_flags+=(--storage-driver vfs --cgroup-manager cgroupfs)
fi
podman() { command podman "${podman_flags[@]}" "$@"; }

# 1. The base image.
if ! podman image exists "$base_image"; then
  tarball=$cache_dir/bookworm-minbase.tar
  if [[ ! -s $tarball ]]; then
    log "debootstrap bookworm from $mirror (a few minutes, once)"
    root=$work/rootfs
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
      { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  fi
  podman import --change 'CMD ["/bin/bash"]' "$tarball" "$base_image" >/dev/null
fi

# 2. The runtime images, from the host's build.
for file in services/recognition/stem-recognition services/audit/stem-audit tools/cli/stem; do
  [[ -x $build_dir/$file ]] || fail "$build_dir/$file is not built"
  strip --strip-unneeded -o "$prebuilt/$(basename "$file")" "$build_dir/$file"
done
[[ -s $build_dir/stem.protoset ]] || fail "$build_dir/stem.protoset is not built"
cp "$build_dir/stem.protoset" "$probe" "$prebuilt/"
for service in recognition audit; do
  log "building stem-$service's runtime image"
  podman build --format docker --network host --target runtime --build-arg BINARIES=prebuilt \
    --build-arg BASE_IMAGE="$base_image" --build-arg SERVICE="$service" \
    -f "$repo/deploy/docker/Dockerfile" -t "localhost/stem-$service:test" "$repo" \
    >"$work/build-$service.log" 2>&1 || { tail -n 30 "$work/build-$service.log" >&2; fail "podman build"; }
done

# 3. stem-recognition in its container, with compose's secrets (so they are checked too).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
shared_data=${STEM_SHARED_DATA_DIR:-$repo/../shared/data}
[[ -d $shared_data ]] || fail "no reference data at $shared_data (set STEM_SHARED_DATA_DIR)"
podman volume create "$name-data" >/dev/null
podman run -d --name "$name" --network host --no-healthcheck --read-only --tmpfs /tmp --cap-drop ALL \
  --security-opt no-new-privileges -e STEM_GRPC_PORT="$port" \
  -v "$name-data:/var/lib/stem" -v "$shared_data:/usr/share/stem/reference-data:ro" \
  -v "$repo/deploy/compose/tokens:/etc/stem/secrets-ro/tokens:ro" \
  -v "$repo/deploy/compose/fact-keys:/etc/stem/secrets-ro/fact-keys:ro" \
  localhost/stem-recognition:test --listen="127.0.0.1:$port" --insecure_plaintext_listen \
  --token_file=/tmp/secrets/tokens --fact_key_file=/tmp/secrets/fact-keys >/dev/null

healthy=0
for _ in $(seq 1 60); do
  if podman exec "$name" /usr/local/bin/stem-healthcheck >/dev/null 2>&1; then
    healthy=1
    break
  fi
  [[ $(podman inspect -f '{{.State.Running}}' "$name") == true ]] || fail "the service exited"
  sleep 1
done
[[ $healthy -eq 1 ]] || fail "the image's health check never answered SERVING"
log "ok: the image's health check answers SERVING"
"$build_dir/tools/cli/stem" ops wait-ready --server="127.0.0.1:$port" --timeout=10s >/dev/null ||
  fail "stem ops wait-ready from the host"
log "ok: stem ops wait-ready from the host"
uid=$(podman exec "$name" id -u)
[[ $uid == 10001 ]] || fail "the service runs as uid $uid, not 10001"
[[ $(podman exec "$name" sh -c 'cat /proc/1/status' | awk '/^Uid:/ { print $2 }') == 10001 ]] ||
  fail "the service's process is not uid 10001"
log "ok: it runs as uid 10001"
if podman exec "$name" sh -c 'echo x >/usr/local/bin/written' 2>/dev/null; then
  fail "the root file system took a write"
fi
podman exec "$name" sh -c 'echo x >/var/lib/stem/written' || fail "the data volume refused a write"
log "ok: the root file system is read-only, the data volume writable"
layers() { podman image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" | sed '/^$/d'; }
shared=$(comm -12 <(layers localhost/stem-recognition:test | sort) \
  <(layers localhost/stem-audit:test | sort) | wc -l)
total=$(layers localhost/stem-recognition:test | wc -l)
# All but the service's executable (one layer); the rest are metadata.
[[ $shared -eq $((total - 1)) ]] ||
  fail "stem-recognition and stem-audit share $shared of $total layers, not all but one"
log "ok: stem-recognition and stem-audit share $shared of their $total layers"
log "passed"
