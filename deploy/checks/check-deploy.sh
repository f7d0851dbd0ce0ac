#!/usr/bin/env bash
# Every check of the deployment files, offline (CTest runs it as deploy_checks, label
# "deploy"); exits non-zero when any fails, after running them all:
#   shell scripts    ShellCheck on every one of the repository (*.sh, sh/bash shebangs)
#   yamllint         every YAML file (.yamllint; Helm templates are checked once rendered)
#   docker-compose   deploy/docker-compose.yml (config -q)
#   dockerfile       the runtime image's library packages cover what the built executables
#                    link (ldd -> dpkg -S), when a build tree is given or found
#   helm lint        --strict, each chart with its defaults and with each charts/*/ci/ file
#   helm template    each application chart with each charts/*/ci/ file
#   refusals         values the charts must refuse (fail) are refused
#   manifests        every rendered manifest against the Kubernetes API schemas (strict,
#                    from the kubernetes-validate package) and the schemas of KEDA's
#                    ScaledObject and cert-manager's Certificate in deploy/checks/schemas/,
#                    plus the suite's security rules
# Usage: deploy/checks/check-deploy.sh [--build-dir build/release]
# Tools: deploy/checks/install-tools.sh (run first; STEM_DEPLOY_NO_INSTALL=1 skips it and
# takes the tools from PATH). Nothing is fetched from the network but by that installer.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

build_dir=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) build_dir=$2; shift 2 ;;
    --build-dir=*) build_dir=${1#*=}; shift ;;
    *) echo "usage: $0 [--build-dir DIR]" >&2; exit 2 ;;
  esac
done
if [[ -z $build_dir && -d build/${STEM_PRESET:-release} ]]; then
  build_dir=build/${STEM_PRESET:-release}
fi

# The Kubernetes versions the manifests must be valid for: the oldest supported (native
# gRPC probes, PVC retention and unhealthyPodEvictionPolicy all on by default) and the
# newest the installed schemas know.
kubernetes_versions=(1.29.0 1.37.0)

if [[ ${STEM_DEPLOY_NO_INSTALL:-0} != 1 ]]; then
  tool_path=$(deploy/checks/install-tools.sh helm promtool kubernetes-validate)
  PATH=$tool_path:$PATH
fi
for tool in helm promtool shellcheck yamllint docker-compose kubernetes-validate; do
  command -v "$tool" >/dev/null || { echo "check-deploy: $tool is missing" >&2; exit 1; }
done
python=$(dirname "$(command -v kubernetes-validate)")/python

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HELM_CACHE_HOME=$work/helm/cache HELM_CONFIG_HOME=$work/helm/config
export HELM_DATA_HOME=$work/helm/data

passed=0
failed=0
report() {  # name status output-file
  if [[ $2 -eq 0 ]]; then
    passed=$((passed + 1))
    echo "ok    $1"
  else
    failed=$((failed + 1))
    echo "FAIL  $1"
    sed 's/^/      /' "$3"
  fi
}
check() {  # name command...
  local name=$1 status=0
  shift
  "$@" >"$work/out" 2>&1 || status=$?
  report "$name" "$status" "$work/out"
}
refused() {  # name expected-message command...: the command must fail with that message
  local name=$1 pattern=$2 status=0
  shift 2
  if "$@" >"$work/out" 2>&1; then
    echo "accepted, but must be refused" >>"$work/out"
    status=1
  elif ! grep -qF -- "$pattern" "$work/out"; then
    echo "refused, but without \"$pattern\"" >>"$work/out"
    status=1
  fi
  report "refused: $name" "$status" "$work/out"
}

# The repository's files, without build trees (git when there is one).
repo_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked files deleted in the work tree are listed too: keep the ones that exist.
    git ls-files -co --exclude-standard "$@" | while IFS= read -r file; do
      [[ -f $file ]] && echo "$file"
    done
  else
    local patterns=() pattern
    for pattern in "$@"; do patterns+=(-o -name "$pattern"); done
    find . \( -path ./build -o -path ./.git \) -prune -o -type f \( "${patterns[@]:1}" \) \
      -print | sed 's|^\./||'
  fi
}

# --- shellcheck -------------------------------------------------------------------------
shell_scripts() {
  local file
  repo_files '*' | while IFS= read -r file; do
    [[ -f $file ]] || continue
    case ${file##*/} in
      *.sh) echo "$file" ;;
      *.*) ;;
      *) head -n 1 "$file" 2>/dev/null | grep -qE '^#!(/usr/bin/env |/bin/)(ba)?sh' &&
           echo "$file" ;;
    esac
  done
}
mapfile -t scripts < <(shell_scripts | sort)
check "shellcheck (${#scripts[@]} scripts)" shellcheck -x "${scripts[@]}"

# --- yamllint ---------------------------------------------------------------------------
mapfile -t yaml_files < <(repo_files '*.yaml' '*.yml' | grep -v '^charts/[^/]*/templates/' | sort)
check "yamllint (${#yaml_files[@]} files)" yamllint --strict -c .yamllint "${yaml_files[@]}"

# --- docker-compose ---------------------------------------------------------------------
check "docker-compose config" env STEM_SHARED_DATA_DIR=/srv/stem-reference-data \
  docker-compose -f deploy/docker-compose.yml config -q
refused "docker-compose without the reference data" "set STEM_SHARED_DATA_DIR" \
  env -u STEM_SHARED_DATA_DIR docker-compose -f deploy/docker-compose.yml config -q
audit_in_compose() {
  STEM_SHARED_DATA_DIR=/srv/stem-reference-data docker-compose -f deploy/docker-compose.yml \
    config --services | grep -qx audit
}
check "docker-compose runs the audit" audit_in_compose

# --- the runtime image's libraries ------------------------------------------------------
runtime_libraries() {
  # The packages the runtime stage installs: the continuation lines of its apt-get install.
  local listed executable library package
  local -a executables libraries needed missing=()
  listed=$(awk '/^FROM .* AS runtime$/ { runtime = 1 }
                runtime && /apt-get install/ { install = 1; next }
                install && /^ +[a-z0-9][a-z0-9.+-]* +\\$/ { print $1; next }
                install { install = 0 }' deploy/docker/Dockerfile)
  # The executables the image holds: its TARGETS build argument.
  local -a targets names=()
  read -r -a targets < <(sed -n 's/^ARG TARGETS="\(.*\)"$/\1/p' deploy/docker/Dockerfile)
  [[ ${#targets[@]} -gt 0 ]] || { echo "no ARG TARGETS in deploy/docker/Dockerfile"; return 1; }
  for executable in "${targets[@]}"; do names+=(-o -name "$executable"); done
  mapfile -t executables < <(find "$build_dir/services" "$build_dir/tools" -type f -perm -u+x \
    \( "${names[@]:1}" \) 2>/dev/null | sort)
  [[ ${#executables[@]} -gt 0 ]] || { echo "none of ${targets[*]} under $build_dir"; return 1; }
  for executable in "${executables[@]}"; do
    if ldd "$executable" | grep 'not found'; then return 1; fi
  done
  # Every library once, by the path of the file it resolves to. dpkg may list it under
  # /lib or /usr/lib (merged /usr), so both sides drop a leading /usr; the whole path
  # keeps multilib copies (/usr/lib32) of the same file name from answering for it.
  mapfile -t libraries < <(for executable in "${executables[@]}"; do
    ldd "$executable" | awk '/=>/ { print $3 }'
  done | sort -u | xargs -r readlink -f | sed 's|^/usr/|/|' | sort -u)
  local owners  # "package library" lines
  owners=$(awk 'FNR == 1 { package = FILENAME; sub(/.*\//, "", package); sub(/\.list$/, "", package)
                           sub(/:.*/, "", package) }
                NR == FNR { wanted[$0] = 1; next }
                { path = $0; sub(/^\/usr\//, "/", path) }
                path in wanted { print package, path }' \
    <(printf '%s\n' "${libraries[@]}") /var/lib/dpkg/info/*.list | sort -u)
  for library in "${libraries[@]}"; do
    grep -q " $library\$" <<<"$owners" || { echo "no Debian package owns $library"; return 1; }
  done
  mapfile -t needed < <(cut -d' ' -f1 <<<"$owners" | sort -u)
  for package in "${needed[@]}"; do
    case $package in libc6 | libgcc-s1) continue ;; esac  # in debian:bookworm-slim
    grep -qxF "$package" <<<"$listed" || missing+=("$package")
  done
  echo "${#executables[@]} executables (of ${targets[*]}) need: ${needed[*]}"
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "missing from the runtime stage of deploy/docker/Dockerfile: ${missing[*]}"
    return 1
  fi
}
if [[ -n $build_dir && -d $build_dir/services ]]; then
  check "dockerfile runtime libraries ($build_dir)" runtime_libraries
else
  echo "skip  dockerfile runtime libraries: no build tree (--build-dir)"
fi

# --- helm -------------------------------------------------------------------------------
cp -r charts "$work/charts"
rm -rf "$work"/charts/*/charts "$work"/charts/*/Chart.lock
service_charts=(stem-recognition stem-activity stem-partnership stem-subsidy stem-audit)
application_charts=("${service_charts[@]}" stem-suite)
dependencies() {
  local chart
  for chart in "${application_charts[@]}"; do  # the services before the umbrella
    helm dependency build --skip-refresh "$work/charts/$chart" || return 1
  done
}
check "helm dependency build" dependencies

render() {  # chart values-file output
  helm template stem "$1" -f "$2" --namespace stem >"$3"
}
rendered=()
check "helm lint --strict stem-common" helm lint --strict "$work/charts/stem-common"
for chart in "${application_charts[@]}"; do
  check "helm lint --strict $chart" helm lint --strict "$work/charts/$chart"
  for values in charts/"$chart"/ci/*-values.yaml; do
    name=$(basename "$values" -values.yaml)
    check "helm lint --strict $chart -f ci/$name" \
      helm lint --strict "$work/charts/$chart" -f "$values"
    out=$work/rendered/$chart-$name.yaml
    mkdir -p "$work/rendered"
    check "helm template $chart -f ci/$name" render "$work/charts/$chart" "$values" "$out"
    rendered+=("$out")
  done
done

refused "keda's Kafka trigger where there is no consumer group" "commits to no consumer group" \
  helm template stem "$work/charts/stem-recognition" --set autoscaling.mode=keda \
  --set autoscaling.keda.kafka.enabled=true
refused "more replicas than partitions with keda's Kafka trigger" "exceeds global.kafka.partitions" \
  helm template stem "$work/charts/stem-subsidy" --set autoscaling.mode=keda \
  --set autoscaling.maxReplicas=7 --set global.kafka.partitions=6
refused "KEDA's Prometheus trigger without a Prometheus" "needs autoscaling.keda.prometheus.serverAddress" \
  helm template stem "$work/charts/stem-activity" --set autoscaling.mode=keda
refused "KEDA's Prometheus trigger without metrics" "needs metrics.enabled" \
  helm template stem "$work/charts/stem-recognition" --set autoscaling.mode=keda \
  --set autoscaling.keda.prometheus.serverAddress=http://prometheus:9090 --set metrics.enabled=false
refused "an unknown autoscaling mode" "autoscaling.mode is none, hpa or keda" \
  helm template stem "$work/charts/stem-activity" --set autoscaling.mode=vpa
refused "mutual TLS without its secret" "global.tls.enabled needs global.tls.secretName" \
  helm template stem "$work/charts/stem-suite" --set global.tls.secretName=
refused "plaintext gRPC without saying it is insecure" "global.tls.insecurePlaintext=true" \
  helm template stem "$work/charts/stem-suite" --set global.tls.enabled=false
refused "min.insync.replicas above the replication factor" "cannot exceed" \
  helm template stem "$work/charts/stem-suite" --set topics.replicationFactor=1
refused "a finite topic retention (the log keeps every fact)" "topics.retentionMs is gone" \
  helm template stem "$work/charts/stem-suite" --set topics.retentionMs=604800000
refused "a fact-key secret without content" "factKeys.create needs factKeys.content" \
  helm template stem "$work/charts/stem-suite" --set factKeys.create=true
kafka_sasl=(--set global.kafka.sasl.enabled=true --set global.kafka.sasl.username=stem
            --set global.kafka.sasl.secretName=stem-kafka-sasl)
kafka_tls=(--set global.kafka.tls.enabled=true --set global.kafka.tls.secretName=kafka-ca)
refused "Kafka SASL without TLS (a service)" "no SASL in clear" \
  helm template stem "$work/charts/stem-recognition" "${kafka_sasl[@]}"
refused "Kafka SASL without TLS (the suite)" "no SASL in clear" \
  helm template stem "$work/charts/stem-suite" "${kafka_sasl[@]}"
refused "Kafka SASL without TLS (the topics job alone)" "no SASL in clear" \
  helm template stem "$work/charts/stem-suite" "${kafka_sasl[@]}" --set recognition.enabled=false \
  --set activity.enabled=false --set partnership.enabled=false --set subsidy.enabled=false
refused "Kafka SASL without its secret" "needs global.kafka.sasl.secretName" \
  helm template stem "$work/charts/stem-suite" "${kafka_sasl[@]}" "${kafka_tls[@]}" \
  --set global.kafka.sasl.secretName=
refused "Kafka SASL without a username" "needs global.kafka.sasl.username" \
  helm template stem "$work/charts/stem-activity" "${kafka_sasl[@]}" "${kafka_tls[@]}" \
  --set global.kafka.sasl.username=
refused "a Kafka password in the pod spec" "would put the password in the pod spec" \
  helm template stem "$work/charts/stem-partnership" --set 'global.kafka.config.sasl\.password=x'
refused "KEDA's Kafka trigger on SASL without a TriggerAuthentication" "needs autoscaling.keda.kafka.authenticationRef" \
  helm template stem "$work/charts/stem-subsidy" "${kafka_sasl[@]}" "${kafka_tls[@]}" \
  --set autoscaling.mode=keda
refused "cert-manager without an issuer" "needs global.tls.certManager.issuerRef.name" \
  helm template stem "$work/charts/stem-suite" --set global.tls.certManager.enabled=true
refused "stem-audit without TLS and without an OPERATOR token" "needs global.auth.bootstrapTokenKey" \
  helm template stem "$work/charts/stem-audit" --set global.tls.enabled=false \
  --set global.tls.insecurePlaintext=true

# --- the Grafana dashboard --------------------------------------------------------------
# Every query of charts/stem-suite/dashboards/stem-suite.json is valid PromQL (promtool
# reads them as recording rules) and names only metrics docs/OBSERVABILITY.md lists.
dashboard_queries() {
  "$python" - "$work/dashboard-rules.yaml" <<'PY'
import json, re, sys
dashboard = json.load(open("charts/stem-suite/dashboards/stem-suite.json"))
documented = set(re.findall(r"^\| `(stem_[a-z_]+)`", open("docs/OBSERVABILITY.md").read(), re.M))
rules, unknown = [], []
for panel in dashboard["panels"]:
    for target in panel["targets"]:
        expr = target["expr"].replace("$namespace", "stem")
        rules.append(expr)
        for metric in re.findall(r"\b(stem_[a-z_]+?)(?:_bucket)?\b(?=[{\[)\s])", expr):
            if metric not in documented:
                unknown.append(metric)
with open(sys.argv[1], "w") as out:
    out.write("groups:\n  - name: dashboard\n    rules:\n")
    for i, expr in enumerate(rules):
        out.write(f"      - record: stem:dashboard_query_{i}\n        expr: {json.dumps(expr)}\n")
if unknown:
    sys.exit(f"the dashboard names metrics docs/OBSERVABILITY.md does not list: {sorted(set(unknown))}")
print(f"{len(rules)} queries")
PY
  promtool check rules "$work/dashboard-rules.yaml"
}
check "grafana dashboard queries (promtool check rules)" dashboard_queries

# --- the rendered manifests -------------------------------------------------------------
version_flags=()
for version in "${kubernetes_versions[@]}"; do version_flags+=(--kubernetes-version "$version"); done
check "manifests (${#rendered[@]} renders) against Kubernetes ${kubernetes_versions[*]}, KEDA, cert-manager" \
  "$python" deploy/checks/validate-manifests.py "${version_flags[@]}" "${rendered[@]}"

echo "check-deploy: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
