#!/usr/bin/env bash
# Installs the Debian packages the suite builds and tests with. Idempotent and fast when
# everything is present (one dpkg query); `make deps` and therefore `make test` call it.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config ccache clang-format python3
  # the lint: clang-tidy with the checks in .clang-tidy (CTest lint_clang_tidy)
  clang-tidy-14
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librdkafka-dev librocksdb-dev libssl-dev libabsl-dev
  # the metrics endpoint's HTTP server, the JSON-lines log
  libmicrohttpd-dev libspdlog-dev
  # the command-line client's parser (header-only)
  libcli11-dev
  # google.rpc.Status / ErrorInfo protos (Debian ships them with the gogo googleapis)
  golang-github-gogo-googleapis-dev
  # grpc.health.v1 and grpc.reflection protos, for tests that call them as any client would
  grpc-proto
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # keys for the demo and the scripts (the audit's Ed25519 checkpoint key)
  openssl
  # the fuzz targets (tests/fuzz): clang, libFuzzer and the sanitizer runtimes
  clang-14 libclang-rt-14-dev
  # the real Kafka broker of the integration tests, and the Kafka Streams peer of the
  # benchmarks (bench/peer, compiled with javac)
  openjdk-17-jdk-headless maven
  # time zone data: local dates are Europe/Brussels
  tzdata
  # reading the topics as an integrator does (deploy/distributed.sh, docs/INTEGRATION.md)
  kcat
  # `make test-container`: the runtime image built and run (deploy/docker/test-container.sh)
  podman runc debootstrap uidmap slirp4netns
  # deployment checks (helm and kubernetes-validate: deploy/checks/install-tools.sh)
  yamllint shellcheck docker-compose
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
