# A thin front over CMake presets and the scripts under deploy/.
#   make test    everything a fresh Debian machine needs, then unit and real-broker tests
#   make demo    the all-in-one demo (see README)
#   make fuzz    the fuzz targets, FUZZ_SECONDS each (tests/fuzz/README.md)
#   make test-container   the runtime image built and run with podman (deploy/docker/)
#   make tidy    clang-tidy with the checks of .clang-tidy (only what changed since its last run)
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 300

.PHONY: all deps configure build demo test test-unit test-kafka test-container tidy bench fuzz format clean

all: build

deps:
	@deploy/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake --preset $(PRESET)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The README's first command: the all-in-one suite on a temporary data directory, a 2019-2021
# story loaded through the gRPC API, the allocations, coverage per province and the audit.
demo: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target stem-allinone stem-demo
	deploy/demo.sh $(BUILD_DIR)

# All tests in one CTest run, with a real Kafka broker on loopback for those labelled kafka;
# clang-tidy (label tidy) apart, in `make tidy`.
test: build
	deploy/kafka/broker.sh run -- ctest --test-dir $(BUILD_DIR) -LE tidy -j $(JOBS) --output-on-failure

tidy: build
	ctest --test-dir $(BUILD_DIR) -L tidy --output-on-failure

test-unit: build
	ctest --test-dir $(BUILD_DIR) -L unit -j $(JOBS) --output-on-failure

test-kafka: build
	deploy/kafka/broker.sh run -- ctest --test-dir $(BUILD_DIR) -L kafka -j $(JOBS) --output-on-failure

# The runtime image built from this build tree and run with podman: health, user, read-only
# root, shared layers (deploy/docker/test-container.sh; docs/DEPLOYMENT.md).
test-container: build
	deploy/docker/test-container.sh $(BUILD_DIR)

# The benchmarks (bench/run.sh): figures in $(BUILD_DIR)/bench/results.json, a table printed.
bench: build
	deploy/kafka/broker.sh run -- bench/run.sh $(BUILD_DIR)

# The libFuzzer targets in their own clang tree (build/fuzz), FUZZ_SECONDS each; a crash is
# kept in tests/fuzz/regressions/ (make test runs them for 25 s each: CTest fuzz_bounded).
fuzz: deps
	tests/fuzz/run-fuzzers.sh --seconds $(FUZZ_SECONDS) --jobs $(JOBS)

format: configure
	cmake --build $(BUILD_DIR) --target format

clean:
	rm -rf build
