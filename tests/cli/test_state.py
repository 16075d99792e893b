"""--state FILE offline: a state file that cannot be used stops the run with exit status 2 and a
message naming the file and the problem, before anything is checked, leaving the file as it was;
an inconclusive run keeps the history it read (man page: --state, EXIT STATUS).

No server is involved: the resolver is a closed port on loopback, so every lookup fails."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import BINARY, CliTestCase, Result, run


def run_as(prefix, *args):
    """Runs the binary behind a command prefix (e.g. setpriv to drop root)."""
    return Result(subprocess.run([*prefix, os.path.abspath(BINARY), *args], capture_output=True, timeout=30))

# Lookups fail at once (nothing listens there), so a run that gets past the state file ends
# incomplete instead of reaching out anywhere.
OFFLINE = ["--resolver", "127.0.0.1:9", "--timeout", "1", "--no-smtp", "--format", "json"]

SNAPSHOT = {"id": "20260101", "body_sha256": "ab" * 32, "mode": "enforce", "max_age": 31557600,
            "mx": ["mx1.state.test"], "fetched_at": 4102444800 - 86400}  # 2099-12-31: never expired in this test


class StateFile(CliTestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-cli-state-")
        self.path = os.path.join(self.dir, "state.json")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, text):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(text)

    def assertRefused(self, path, *problem):
        """Exit 2, nothing printed on stdout, stderr names the file and each part of the problem."""
        before = self.snapshot(path)
        result = run("--state", path, *OFFLINE, "state.test")
        self.assertExit(result, 2)
        self.assertEqual(result.stdout, b"", "nothing may be checked")
        self.assertIn(f"state file {path}:".encode(), result.stderr)
        for part in problem:
            self.assertIn(part, result.stderr)
        self.assertEqual(self.snapshot(path), before, "the state file must be left untouched")
        self.assertFalse(os.path.exists(path + ".tmp"))

    @staticmethod
    def snapshot(path):
        if not os.path.isfile(path):
            return None
        stat = os.stat(path)
        with open(path, "rb") as f:
            return f.read(), stat.st_mtime_ns, stat.st_mode

    def test_not_json(self):
        self.write("this is not json\n")
        self.assertRefused(self.path, b"not JSON")

    def test_empty_file_is_not_json(self):
        self.write("")
        self.assertRefused(self.path, b"not JSON")

    def test_another_version(self):
        self.write(json.dumps({"state_version": 2, "domains": {}}))
        self.assertRefused(self.path, b"state_version", b"is 2")

    def test_wrong_shape_names_the_place(self):
        bad = dict(SNAPSHOT, mode="strict")
        self.write(json.dumps({"state_version": 1, "domains": {"state.test": {"snapshots": [bad]}}}))
        self.assertRefused(self.path, b"domains.state.test.snapshots[0].mode")

    def test_a_json_file_of_something_else(self):
        self.write(json.dumps({"domains": ["state.test"]}))
        self.assertRefused(self.path, b"state_version")

    def test_a_directory(self):
        self.assertRefused(self.dir, b"is a directory")
        self.assertFalse(os.path.exists(self.dir + ".lock"), "no lock file next to a directory")

    def test_a_path_through_a_regular_file(self):
        self.write("{}")
        self.assertRefused(os.path.join(self.path, "state.json"), b"Not a directory")

    def test_unreadable(self):
        self.write(json.dumps({"state_version": 1, "domains": {}}))
        os.chmod(self.path, 0)
        prefix = []
        if os.geteuid() == 0:
            # Root reads files whatever their mode: run the binary as nobody instead.
            if shutil.which("setpriv") is None:
                self.skipTest("running as root without setpriv")
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            os.chmod(self.dir, 0o777)  # nobody may create the lock file, not read the state file
        try:
            before = self.snapshot(self.path)
            result = run_as(prefix, "--state", self.path, *OFFLINE, "state.test")
            self.assertExit(result, 2)
            self.assertEqual(result.stdout, b"")
            self.assertIn(f"state file {self.path}: cannot open it: Permission denied".encode(), result.stderr)
            self.assertEqual(self.snapshot(self.path), before)
        finally:
            os.chmod(self.path, 0o600)

    def test_state_is_for_the_live_check_only(self):
        result = run("--state", self.path, "lint", "--mx", "mx1.example.com")
        self.assertExit(result, 2)
        self.assertIn(b"--state", result.stderr)
        self.assertFalse(os.path.exists(self.path))

    def test_empty_name(self):
        self.assertExit(run("--state", "", *OFFLINE, "state.test"), 2)

    def test_an_inconclusive_run_keeps_the_history_and_creates_a_missing_file(self):
        kept = {"snapshots": [SNAPSHOT]}
        self.write(json.dumps({"state_version": 1, "domains": {"state.test": kept, "other.test": kept}}))
        result = run("--state", self.path, *OFFLINE, "state.test")
        self.assertExit(result, 3)  # every lookup failed: incomplete
        report = result.json()
        self.assertEqual(report["history"]["snapshots_before"], 1)
        self.assertIsNone(report["history"]["current"])
        ids = [f["id"] for f in report["findings"]]
        for history_id in ("policy.id-unchanged", "policy.id-changed-body-same", "policy.cached-rejects-mx",
                           "sts.record.removed-while-cached"):
            self.assertNotIn(history_id, ids)
        with open(self.path, encoding="utf-8") as f:
            after = json.load(f)
        self.assertEqual(after, {"state_version": 1, "domains": {"state.test": kept, "other.test": kept}})

        missing = os.path.join(self.dir, "new.json")
        result = run("--state", missing, *OFFLINE, "state.test")
        self.assertExit(result, 3)
        with open(missing, encoding="utf-8") as f:
            self.assertEqual(json.load(f), {"state_version": 1, "domains": {}})

    def test_without_state_history_is_null(self):
        result = run(*OFFLINE, "state.test")
        self.assertExit(result, 3)
        self.assertIsNone(result.json()["history"])


if __name__ == "__main__":
    unittest.main()
