#!/usr/bin/env python3
"""clang-tidy over every first-party translation unit (CTest lint_clang_tidy, label lint).

The checks are the agreed set in the repository's `.clang-tidy`, every one an error. The
translation units are those of the build's compile_commands.json that lie in the checkout,
outside build/, generated `*.pb.cc` excepted; headers are checked through them (the
HeaderFilterRegex), each finding printed once however many units include it. clang-tidy-14
runs on as many units at a time as there are CPUs.

Parsing is most of the cost, so a unit found clean is remembered (`clang_tidy_clean.json`
in the build directory) under a digest of everything its result depends on: clang-tidy's
version, the `.clang-tidy` files that apply to it (less their comments), its compile command
and the content of every file it included, as Ninja's dependency log last recorded them. A
unit whose digest is unchanged is not checked again; one without a dependency record always
is. `--no-cache` checks them all.

Usage: run_clang_tidy.py [--jobs N] [--no-cache] <repository root> <build dir> [path ...]
(paths, relative to the root, restrict the run to units under them). Exits 1 on any
finding, on a unit clang-tidy cannot parse, and when clang-tidy-14 is not installed.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import time

CLANG_TIDY = os.environ.get("STEM_CLANG_TIDY", "clang-tidy-14")
CACHE_NAME = "clang_tidy_clean.json"
# The first line of a diagnostic: `path:line:column: warning: text [check]`.
DIAGNOSTIC = re.compile(r"^\S.*:\d+:\d+: (?:warning|error): ")


def first_party_units(root: pathlib.Path, build: pathlib.Path, prefixes: list) -> dict:
    """The units to check, file -> its compile_commands.json entry (the first of several)."""
    units = {}
    with open(build / "compile_commands.json", encoding="utf-8") as commands:
        for entry in json.load(commands):
            path = pathlib.Path(entry["directory"], entry["file"]).resolve()
            if not path.is_relative_to(root) or path.is_relative_to(build):
                continue
            relative = path.relative_to(root)
            if relative.parts[0] == "build" or path.name.endswith(".pb.cc"):
                continue
            if prefixes and not any(relative.is_relative_to(prefix) for prefix in prefixes):
                continue
            if path.exists():  # a file removed since CMake last ran is no unit any more
                units.setdefault(str(path), entry)
    return units


def recorded_dependencies(build: pathlib.Path) -> dict:
    """Object file -> the files its compilation read, from Ninja's dependency log."""
    ninja = shutil.which("ninja")
    if not ninja or not (build / ".ninja_deps").exists():
        return {}
    result = subprocess.run([ninja, "-C", str(build), "-t", "deps"], capture_output=True,
                            text=True, check=False)
    dependencies, current = {}, None
    for line in result.stdout.splitlines():
        if line and not line[0].isspace():
            target, _, state = line.partition(": #deps")
            current = dependencies.setdefault(target, []) if "(VALID)" in state else None
        elif line.strip() and current is not None:
            current.append(line.strip())
    return dependencies


def object_of(entry: dict) -> str:
    arguments = entry.get("arguments") or shlex.split(entry["command"])
    return arguments[arguments.index("-o") + 1] if "-o" in arguments else ""


class Digests:
    """Digest of a unit's inputs; None when its inputs are not known."""

    def __init__(self, root: pathlib.Path, build: pathlib.Path, tidy_version: str):
        self.root = root
        self.build = build
        self.dependencies = recorded_dependencies(build)
        self.files = {}
        self.base = hashlib.sha256(tidy_version.encode()).hexdigest()

    def file(self, path: pathlib.Path) -> str:
        key = str(path)
        if key not in self.files:
            try:
                self.files[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self.files[key] = "missing"
        return self.files[key]

    def config(self, path: pathlib.Path) -> str:
        """A .clang-tidy's digest without its comment lines (a reason reworded checks nothing)."""
        key = f"config:{path}"
        if key not in self.files:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError:
                lines = ["missing"]
            kept = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
            self.files[key] = hashlib.sha256(kept.encode()).hexdigest()
        return self.files[key]

    def unit(self, source: str, entry: dict):
        inputs = self.dependencies.get(object_of(entry))
        if not inputs:
            return None
        digest = hashlib.sha256(self.base.encode())
        digest.update(json.dumps(entry, sort_keys=True).encode())
        for directory in pathlib.Path(source).parents:  # the configurations clang-tidy reads
            digest.update(f"{directory}\0{self.config(directory / '.clang-tidy')}\0".encode())
            if directory == self.root:
                break
        for name in sorted(set(inputs) | {source}):
            path = pathlib.Path(name)
            path = path if path.is_absolute() else self.build / path
            digest.update(f"{name}\0{self.file(path)}\0".encode())
        return digest.hexdigest()


def tidy(tidy_path: str, build: pathlib.Path, source: str):
    # -Wno-error: the compile commands carry GCC's -Werror; compiler warnings are the build's
    # to judge (and the clang-built fuzz tree's), this test judges the .clang-tidy checks.
    result = subprocess.run(
        [tidy_path, "-p", str(build), "--quiet", "--extra-arg=-Wno-error",
         "--extra-arg=-Wno-unknown-warning-option", source],
        capture_output=True, text=True, check=False)
    return source, result


def diagnostics(output: str) -> list:
    """The output cut into diagnostics, each its first line with the notes that follow."""
    blocks = []
    for line in output.splitlines():
        if DIAGNOSTIC.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return ["\n".join(block) for block in blocks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("build", type=pathlib.Path)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--no-cache", action="store_true")
    options = parser.parse_args()
    root, build = options.root.resolve(), options.build.resolve()

    tidy_path = shutil.which(CLANG_TIDY)
    if not tidy_path:
        print(f"lint_clang_tidy: {CLANG_TIDY} is not installed: deploy/install-deps.sh "
              "installs clang-tidy-14 (`make deps`; on Debian 12 `apt-get install "
              "clang-tidy-14`)", file=sys.stderr)
        return 1
    if not (build / "compile_commands.json").exists():
        print(f"lint_clang_tidy: no compile_commands.json in {build} (configure first)",
              file=sys.stderr)
        return 1
    version = subprocess.run([tidy_path, "--version"], capture_output=True, text=True,
                             check=False).stdout

    started = time.monotonic()
    units = first_party_units(root, build, options.paths)
    digests = Digests(root, build, version)
    cache_path = build / CACHE_NAME
    clean = {}
    if not options.no_cache and cache_path.exists():
        clean = json.loads(cache_path.read_text(encoding="utf-8"))
    keys = {source: digests.unit(source, entry) for source, entry in units.items()}
    to_check = [source for source in units if keys[source] is None or
                clean.get(source) != keys[source]]

    findings, failed = {}, []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        for source, result in pool.map(lambda s: tidy(tidy_path, build, s), to_check):
            found = diagnostics(result.stdout)
            for finding in found:
                findings.setdefault(finding.split("\n", 1)[0], finding)
            if result.returncode != 0 or found:
                failed.append(source)
                clean.pop(source, None)
                if not found:  # a crash or a failure without a diagnostic: show all of it
                    print(f"{source}: clang-tidy exited {result.returncode}\n"
                          f"{result.stdout}{result.stderr}")
            elif keys[source] is not None:
                clean[source] = keys[source]

    if not options.no_cache:
        temporary = cache_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(clean, indent=0, sort_keys=True), encoding="utf-8")
        temporary.replace(cache_path)

    for finding in findings.values():
        print(finding)
    elapsed = time.monotonic() - started
    print(f"lint_clang_tidy: {len(units)} units, {len(to_check)} checked "
          f"({len(units) - len(to_check)} unchanged since found clean), {options.jobs} jobs, "
          f"{elapsed:.0f} s: {len(findings)} findings, {len(failed)} units failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
