#!/usr/bin/env python3
"""The layering the folders stand for, checked on every #include (CTest label lint).

    tools/      clients            may include libs/ and the generated protos
    services/   the gRPC edges     may include libs/, contexts/ and their own service
    contexts/   the domain         may include libs/, their own context and the contexts
                                   they are declared to build on (CONTEXT_DEPENDENCIES)
    libs/       the platform       may include libs/ only
    libs/allocation/               the allocation rules: no Kafka, RocksDB or gRPC either

`services/allinone` composes the suite: it may include what a service publishes to be
composed (its `module.h`), nothing else of it. `contexts/suite` composes every context's
fact rules.

Violations that exist today and are being moved out are listed in a pending file, one
`<file> -> <included path>` per line. A violation not in the list fails; so does an entry
that no longer occurs, so the list only shrinks.

Usage: check_layering.py <repository root> [<pending file>]. Prints each violation as
path:line: rule, and exits 1 when there is one.
"""
import pathlib
import re
import sys

SOURCE_DIRS = ("libs", "contexts", "services", "tools")
SUFFIXES = {".h", ".cc"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')

# Contexts that build on another's published model (a shared kernel, made explicit): the
# recognition history every context projects from recognition's facts, and the activities
# and child-minutes the subsidy is divided by.
CONTEXT_DEPENDENCIES = {
    "activity": {"recognition"},
    "partnership": {"recognition"},
    "subsidy": {"activity", "recognition"},
    # The fact rules every process registers: each context's, composed once.
    "suite": {"recognition", "activity", "partnership", "subsidy"},
}
COMPOSITION_ROOTS = {"allinone"}
# Headers through which a service is composed into an executable.
COMPOSABLE = re.compile(r"^services/[a-z_]+/module\.h$")
INFRASTRUCTURE = re.compile(
    r"^(?:librdkafka/|rocksdb/|grpc/|grpcpp/|libs/eventlog/kafka|libs/eventlog/internal/kafka|"
    r"libs/projection/internal/)"
)


def top(path: str):
    parts = path.split("/")
    return (parts[0], parts[1] if len(parts) > 2 else "")


def violation(source: str, included: str):
    """The rule `source` breaks by including `included`, or None."""
    layer, home = top(source)
    target_layer, target_home = top(included)
    if layer == "libs":
        if home == "allocation" and INFRASTRUCTURE.match(included):
            return "the allocation rules include no Kafka, RocksDB or gRPC"
        if target_layer in ("contexts", "services", "tools"):
            return f"libs/ (the platform) includes {target_layer}/"
    elif layer == "contexts":
        if target_layer in ("services", "tools"):
            return f"a context includes {target_layer}/"
        if target_layer == "contexts" and target_home != home:
            if target_home not in CONTEXT_DEPENDENCIES.get(home, set()):
                return f"context {home} includes context {target_home}, which it does not build on"
    elif layer == "services":
        if target_layer == "tools":
            return "a service includes tools/"
        if target_layer == "services" and target_home != home:
            if home in COMPOSITION_ROOTS and COMPOSABLE.match(included):
                return None
            return f"service {home} includes service {target_home}"
    elif layer == "tools":
        if target_layer in ("services", "contexts"):
            return f"a tool includes {target_layer}/ (clients speak gRPC)"
    return None


def violations(root: pathlib.Path):
    for directory in SOURCE_DIRS:
        base = root / directory
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            source = path.relative_to(root).as_posix()
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                rule = violation(source, match.group(1))
                if rule:
                    yield source, number, match.group(1), rule


def read_pending(path):
    if path is None or not path.exists():
        return set()
    pending = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            source, _, included = line.partition("->")
            pending.add((source.strip(), included.strip()))
    return pending


def check(root: pathlib.Path, pending_path=None) -> list:
    pending = read_pending(pending_path)
    problems, seen = [], set()
    for source, number, included, rule in violations(root):
        seen.add((source, included))
        if (source, included) not in pending:
            problems.append(f"{source}:{number}: {rule} ({included})")
    for source, included in sorted(pending - seen):
        problems.append(
            f"{pending_path}: '{source} -> {included}' no longer occurs; remove it from the list"
        )
    return problems


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(pathlib.Path(argv[1]), pathlib.Path(argv[2]) if len(argv) == 3 else None)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
