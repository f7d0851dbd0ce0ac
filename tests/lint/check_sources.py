#!/usr/bin/env python3
"""Rules of the house that the build checks (CTest label lint).

Data read back from the log or a store is input too: production code never dereferences a
StatusOr or an optional without a check (rulebook section 1, DEVELOPERS.md). The checkable
form of that rule is that nothing dereferences a call's result directly - `*Parse(...)`,
`Load(...)->x`, `x.value()` - since a result that was checked has a name. Dates have one
parser and one formatter (libs/clock/date.h), so nothing else may call Abseil's.

Usage: check_sources.py <repository root>. Prints each violation as path:line: rule, and
exits 1 when there is one.
"""
import pathlib
import re
import sys

PRODUCTION_DIRS = ("libs", "contexts", "services", "tools")

# A unary `*` (after an operator, an opening bracket or `return`) applied to a call:
# `*clock::ParseDate(text)`. `*std::move(x)` moves out of a checked result and is fine.
DEREFERENCED_CALL = re.compile(
    r"(?:^|[=(,{!<>&|?:;+\-/%\[]|\breturn)\s*\*+\s*(?!std::move\b)(?:[A-Za-z_]\w*::)*[A-Za-z_]\w*\s*\("
)
# A member reached through a call's result: `RequireActivity(...)->id()`, `Parse(x)->year()`
# (the call's parentheses are matched by call_then_arrow).
RESULT_CALL = re.compile(r"\b(?:Parse|Load|Require|Find|Read|Decode)\w*\s*\(")
# `.value()` / `->value()` of anything but a RocksDB iterator.
VALUE_CALL = re.compile(r"\b(?!iterator\b)(\w+)\s*(?:\.|->)\s*value\(\)")
ABSL_DATES = re.compile(r"absl::(?:FormatCivilTime|ParseCivilTime)\b")



def call_then_arrow(line: str) -> bool:
    for match in RESULT_CALL.finditer(line):
        depth, at = 1, match.end()
        while at < len(line) and depth:
            depth += {"(": 1, ")": -1}.get(line[at], 0)
            at += 1
        if depth == 0 and line[at:].lstrip().startswith("->"):
            return True
    return False


class Pattern:
    def __init__(self, test):
        self.search = test


RULES = (
    (DEREFERENCED_CALL, "a call's result is dereferenced without a check (name it, check it)"),
    (Pattern(call_then_arrow), "a member of a call's result is used without a check"),
    (VALUE_CALL, ".value() may abort: check the result and dereference it"),
)


def strip_comments_and_strings(line: str) -> str:
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(?:\\.|[^'\\])*'", "''", line)
    return line.split("//", 1)[0]


def is_production(path: pathlib.Path) -> bool:
    text = str(path)
    return not (text.endswith("_test.cc") or "/testing/" in text or "/fuzz/" in text)


def check(root: pathlib.Path) -> list:
    problems = []
    for directory in PRODUCTION_DIRS:
        for path in sorted((root / directory).rglob("*")):
            if path.suffix not in (".cc", ".h") or not is_production(path):
                continue
            relative = path.relative_to(root)
            for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                line = strip_comments_and_strings(raw)
                for pattern, rule in RULES:
                    if pattern.search(line):
                        problems.append(f"{relative}:{number}: {rule}: {raw.strip()}")
                if ABSL_DATES.search(line) and str(relative) != "libs/clock/date.cc":
                    problems.append(
                        f"{relative}:{number}: dates go through clock::ParseDate and "
                        f"clock::FormatDate (libs/clock/date.h): {raw.strip()}")
    return problems


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} violation(s) of the rules in tests/lint/check_sources.py")
        return 1
    print("check_sources: no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
