#!/usr/bin/env python3
"""The layering checker finds what it is meant to find: each rule on a planted violation in
a tree of its own, the allowed includes pass, and the pending list only shrinks."""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_layering  # noqa: E402


class LayeringTest(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self._dir.name)

    def tearDown(self):
        self._dir.cleanup()

    def plant(self, path, *includes):
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("".join(f'#include "{included}"\n' for included in includes))

    def problems(self, pending=None):
        pending_path = None
        if pending is not None:
            pending_path = self.root / "pending.txt"
            pending_path.write_text("".join(line + "\n" for line in pending))
        return check_layering.check(self.root, pending_path)

    def test_allowed_includes_pass(self):
        self.plant("libs/service/host.cc", "libs/eventlog/event_log.h", "absl/status/status.h")
        self.plant("contexts/activity/activity_state.cc", "contexts/activity/activity_state.h",
                   "libs/projection/projection_store.h", "stem/activity/v1/activity.pb.h")
        self.plant("contexts/subsidy/session_counts.cc", "contexts/activity/activity_state.h")
        self.plant("services/subsidy/handlers/get_coverage.cc", "services/subsidy/subsidy_service.h",
                   "contexts/activity/activity_state.h", "libs/service/call.h")
        self.plant("services/allinone/main.cc", "services/activity/module.h")
        self.plant("tools/cli/main.cc", "libs/rpc/status.h", "stem/activity/v1/activity.grpc.pb.h")
        self.assertEqual(self.problems(), [])

    def test_a_service_including_another_service_fails(self):
        self.plant("services/subsidy/session_counts.cc", "services/activity/activity_state.h")
        [problem] = self.problems()
        self.assertIn("services/subsidy/session_counts.cc:1:", problem)
        self.assertIn("service subsidy includes service activity", problem)

    def test_a_test_file_of_a_service_counts_too(self):
        self.plant("services/activity/testing/activity_scenario.h",
                   "services/recognition/recognition_service.h")
        self.assertEqual(len(self.problems()), 1)

    def test_a_composition_root_includes_only_modules(self):
        self.plant("services/allinone/main.cc", "services/activity/activity_service.h")
        [problem] = self.problems()
        self.assertIn("service allinone includes service activity", problem)

    def test_a_context_including_a_service_fails(self):
        self.plant("contexts/activity/activity_projector.cc", "services/activity/activity_service.h")
        [problem] = self.problems()
        self.assertIn("a context includes services/", problem)

    def test_a_context_including_a_context_it_does_not_build_on_fails(self):
        self.plant("contexts/activity/activity_projector.cc", "contexts/subsidy/period_state.h")
        [problem] = self.problems()
        self.assertIn("context activity includes context subsidy", problem)

    def test_libs_including_a_context_or_a_service_fails(self):
        self.plant("libs/service/host.cc", "contexts/activity/activity_state.h",
                   "services/activity/module.h", "tools/cli/client.h")
        self.assertEqual(len(self.problems()), 3)

    def test_the_allocation_rules_include_no_infrastructure(self):
        self.plant("libs/allocation/allocation.cc", "rocksdb/db.h", "grpcpp/grpcpp.h",
                   "librdkafka/rdkafkacpp.h", "libs/eventlog/kafka_event_log.h",
                   "libs/common/check.h")
        self.assertEqual(len(self.problems()), 4)

    def test_a_tool_including_a_service_fails(self):
        self.plant("tools/cli/main.cc", "services/activity/activity_state.h")
        self.assertEqual(len(self.problems()), 1)

    def test_pending_violations_pass_and_the_list_only_shrinks(self):
        self.plant("services/subsidy/session_counts.cc", "services/activity/activity_state.h")
        listed = "services/subsidy/session_counts.cc -> services/activity/activity_state.h"
        self.assertEqual(self.problems([listed]), [])
        stale = "services/subsidy/gone.cc -> services/activity/activity_state.h"
        [problem] = self.problems([listed, stale])
        self.assertIn("no longer occurs", problem)


if __name__ == "__main__":
    unittest.main()
