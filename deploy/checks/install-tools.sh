#!/usr/bin/env bash
# Installs the tools of deploy/checks/check-deploy.sh, idempotently and fast when they are
# present (a version stamp per tool, no network then):
#   helm                  `go install` from its Go module into $STEM_TOOLS_DIR/bin (there is
#                         no Debian package, and no prebuilt download can be reached);
#   promtool              the same way (Prometheus's `promtool check metrics` checks the
#                         suite's metrics exposition: tests/integration/observability_test);
#   buf                   the same way (`buf lint` and `buf breaking` on the protos:
#                         tests/lint/check_protos.sh);
#   grpc-health-probe     the same way, for the image `make test-container` builds;
#   kubernetes-validate   from PyPI into the virtualenv $STEM_TOOLS_DIR/venv: the Kubernetes
#                         API schemas ship inside the package, so validation is offline;
#   yamllint, shellcheck, docker-compose   from Debian (apt-get --no-install-recommends).
# STEM_TOOLS_DIR defaults to ~/.cache/stem-tools. Prints the bin directories to put on PATH.
# Arguments name the tools to install (helm, promtool, buf, grpc-health-probe,
# kubernetes-validate); none: all but grpc-health-probe.
# A cold install takes minutes (building helm dominates; see docs/DEPLOYMENT.md), a warm
# one well under a second.
set -euo pipefail

HELM_MODULE=helm.sh/helm/v3/cmd/helm
HELM_VERSION=v3.22.0
PROMTOOL_MODULE=github.com/prometheus/prometheus/cmd/promtool
PROMTOOL_VERSION=v0.316.0
BUF_MODULE=github.com/bufbuild/buf/cmd/buf
BUF_VERSION=v1.75.0
# The image's health probe, for `make test-container` (deploy/docker/test-container.sh).
GRPC_HEALTH_PROBE_MODULE=github.com/grpc-ecosystem/grpc-health-probe
GRPC_HEALTH_PROBE_VERSION=v0.4.62
KUBERNETES_VALIDATE_VERSION=1.37.0
APT_PACKAGES=(yamllint shellcheck docker-compose)

tools_dir=${STEM_TOOLS_DIR:-${HOME:-/root}/.cache/stem-tools}
bin_dir=$tools_dir/bin
venv_dir=$tools_dir/venv
mkdir -p "$bin_dir"

log() { echo "install-tools: $*" >&2; }

# One installer at a time per tools directory (ctest may run checks side by side).
exec 9>"$tools_dir/.lock"
flock 9

install_apt() {
  local missing=() package status
  for package in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    "${sudo[@]}" apt-get update >&2
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
}

# go install MODULE@VERSION into $bin_dir as NAME, once per version (a stamp file).
install_go_tool() {
  local name=$1 module=$2 version=$3 expected_time=$4
  local stamp=$bin_dir/.$name-$version
  [[ -x $bin_dir/$name && -e $stamp ]] && return 0
  if ! command -v go >/dev/null; then
    [[ -x /usr/local/go/bin/go ]] || { log "go 1.26 or newer is needed to build $name"; return 1; }
    PATH=/usr/local/go/bin:$PATH
  fi
  log "go install $module@$version ($expected_time the first time)"
  local start=$SECONDS
  rm -f "$bin_dir"/."$name"-*
  # Static, stripped, without build paths: a smaller binary, built a little faster.
  # Niced: under ctest -j it shares the cores with other tests.
  GOBIN=$bin_dir CGO_ENABLED=0 GOFLAGS=-trimpath \
    nice -n 10 go install -ldflags='-s -w' "$module@$version" >&2
  touch "$stamp"
  log "$name $version built in $((SECONDS - start)) s"
}

install_kubernetes_validate() {
  local stamp=$venv_dir/.kubernetes-validate-$KUBERNETES_VALIDATE_VERSION
  [[ -x $venv_dir/bin/kubernetes-validate && -e $stamp ]] && return 0
  log "pip install kubernetes-validate==$KUBERNETES_VALIDATE_VERSION into $venv_dir"
  local start=$SECONDS
  rm -rf "$venv_dir"
  python3 -m venv "$venv_dir"
  "$venv_dir/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir \
    "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
  touch "$stamp"
  log "kubernetes-validate installed in $((SECONDS - start)) s"
}

wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=(helm promtool buf kubernetes-validate)
wants() { [[ " ${wanted[*]} " == *" $1 "* ]]; }

install_apt
# pip mostly waits for the network while go compiles: run them side by side.
pip_job=""
if wants kubernetes-validate; then
  install_kubernetes_validate >"$tools_dir/.pip.log" 2>&1 &
  pip_job=$!
fi
go_status=0
if wants helm; then install_go_tool helm "$HELM_MODULE" "$HELM_VERSION" "a few minutes" || go_status=$?; fi
if wants promtool; then
  install_go_tool promtool "$PROMTOOL_MODULE" "$PROMTOOL_VERSION" "about ten minutes" || go_status=$?
fi
if wants buf; then install_go_tool buf "$BUF_MODULE" "$BUF_VERSION" "a few minutes" || go_status=$?; fi
if wants grpc-health-probe; then
  install_go_tool grpc-health-probe "$GRPC_HEALTH_PROBE_MODULE" "$GRPC_HEALTH_PROBE_VERSION" \
    "a minute" || go_status=$?
fi
pip_status=0
if [[ -n $pip_job ]]; then
  wait "$pip_job" || pip_status=$?
  cat "$tools_dir/.pip.log" >&2
fi
[[ $go_status -eq 0 && $pip_status -eq 0 ]] || exit 1
echo "$bin_dir:$venv_dir/bin"
