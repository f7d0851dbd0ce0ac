#!/usr/bin/env python3
"""The clang-tidy runner's own test (CTest lint_clang_tidy_runner): on a tiny CMake/Ninja tree
with the repository's .clang-tidy, a finding in a header two units include fails the run and
is printed once, a generated unit is left alone, a clean unit is not checked again until
its configuration or a header it includes changes, and a missing clang-tidy fails."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
RUNNER = HERE / "run_clang_tidy.py"
CONFIG = HERE.parent.parent / ".clang-tidy"
CLEAN_HEADER = "#include <string>\ninline std::string Take(std::string s) { return s; }\n"
MOVED_HEADER = CLEAN_HEADER + (
    "inline std::string Twice(std::string s) {\n"
    "  std::string t = std::move(s);\n"
    "  return s + t;\n"
    "}\n")


class RunClangTidyTest(unittest.TestCase):
    def setUp(self):
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="run_clang_tidy_test."))
        self.addCleanup(shutil.rmtree, self.root)
        shutil.copy(CONFIG, self.root / ".clang-tidy")
        (self.root / "libs").mkdir()
        (self.root / "libs" / "a.h").write_text(CLEAN_HEADER)
        for name in ("one", "two"):
            (self.root / "libs" / f"{name}.cc").write_text(
                f'#include <utility>\n#include "libs/a.h"\n'
                f"std::string {name}(std::string s) {{ return Take(std::move(s)); }}\n")
        # A generated unit with a finding of its own, which the run must leave alone.
        (self.root / "gen.pb.cc").write_text("int Same(int a) { return a == a; }\n")
        (self.root / "CMakeLists.txt").write_text(
            "cmake_minimum_required(VERSION 3.25)\nproject(planted CXX)\n"
            "set(CMAKE_EXPORT_COMPILE_COMMANDS ON)\nset(CMAKE_CXX_STANDARD 20)\n"
            "add_library(planted libs/one.cc libs/two.cc gen.pb.cc)\n"
            "target_include_directories(planted PRIVATE ${CMAKE_SOURCE_DIR})\n")
        self.build = self.root / "build" / "x"
        subprocess.run(["cmake", "-S", self.root, "-B", self.build, "-G", "Ninja"], check=True,
                       capture_output=True)
        subprocess.run(["ninja", "-C", self.build], check=True, capture_output=True)

    def run_tidy(self, *extra, env=None):
        return subprocess.run([sys.executable, RUNNER, self.root, self.build, *extra],
                              capture_output=True, text=True, env=env, check=False)

    def test_a_finding_in_a_shared_header_fails_once(self):
        (self.root / "libs" / "a.h").write_text(MOVED_HEADER)
        result = self.run_tidy()
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertEqual(result.stdout.count("[bugprone-use-after-move"), 1, result.stdout)
        self.assertIn("2 units, 2 checked", result.stdout)
        self.assertNotIn("gen.pb.cc", result.stdout)

    def test_a_clean_unit_is_checked_again_only_when_what_it_includes_changes(self):
        first = self.run_tidy()
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        self.assertIn("2 checked (0 unchanged", first.stdout)
        again = self.run_tidy()
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        self.assertIn("0 checked (2 unchanged", again.stdout)
        with open(self.root / ".clang-tidy", "a", encoding="utf-8") as config:
            config.write("# a reason reworded\n")
        self.assertIn("0 checked (2 unchanged", self.run_tidy().stdout)
        with open(self.root / ".clang-tidy", "a", encoding="utf-8") as config:
            config.write("FormatStyle: none\n")
        self.assertIn("2 checked (0 unchanged", self.run_tidy().stdout)
        (self.root / "libs" / "a.h").write_text(MOVED_HEADER)
        changed = self.run_tidy()
        self.assertEqual(changed.returncode, 1, changed.stdout + changed.stderr)
        self.assertIn("2 checked (0 unchanged", changed.stdout)
        self.assertEqual(self.run_tidy("--no-cache").returncode, 1)

    def test_paths_restrict_the_run(self):
        result = self.run_tidy("libs/one.cc")
        self.assertIn("1 units, 1 checked", result.stdout)

    def test_a_missing_clang_tidy_fails_with_a_reason(self):
        env = dict(os.environ, STEM_CLANG_TIDY="clang-tidy-missing-for-this-test")
        result = self.run_tidy(env=env)
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not installed", result.stderr)


if __name__ == "__main__":
    unittest.main()
