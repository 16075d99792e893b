"""--state against the lab (lab/state_cases.py): for each case a hand-made state file, one run of
the real binary on a scenario domain, then the findings about cached policies and the state file
the run left behind. Two runs sharing a state file at once must both be recorded (the lock)."""
import json
import os
import shutil
import tempfile
import threading
import time
import unittest

from lab import contract, runner, shared
from lab.scenarios import by_name
from lab.state_cases import CURRENT, STATE_CASES, UNTOUCHED, UNTOUCHED_DOMAIN, sha256


def setUpModule():
    shared.lab()


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class State(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-lab-state-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write_state(self, path, domains):
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"state_version": 1, "domains": domains}, out)

    def read_state(self, path):
        with open(path, encoding="utf-8") as source:
            return json.load(source)

    def check_case(self, case):
        scenario = by_name()[case.scenario]
        path = os.path.join(self.dir, "state.json")
        now = int(time.time())
        before = [snap.to_json(now) for snap in case.before]
        untouched = {"snapshots": [UNTOUCHED.to_json(now)]}
        self.write_state(path, {scenario.domain: {"snapshots": before}, UNTOUCHED_DOMAIN: untouched})

        started = int(time.time())
        run = runner.run(shared.lab(), [*scenario.args, "--state", path, "--format", "json", scenario.domain])
        finished = int(time.time()) + 1
        self.assertEqual(run.parse_error, "", run.describe())
        self.assertEqual(len(run.reports), 1, run.describe())
        report = run.reports[0]
        problems = contract.report_problems(report, contract.catalog())
        self.assertEqual(problems, [], run.describe())
        self.assertEqual(report["verdict"], case.verdict, run.describe())
        self.assertEqual(run.code, {"pass": 0, "warn": 0, "fail": 1, "incomplete": 3}[case.verdict], run.describe())

        ids = [finding["id"] for finding in report["findings"]]
        for finding_id in case.must:
            self.assertIn(finding_id, ids, run.describe())
        for finding_id in case.must_not:
            self.assertNotIn(finding_id, ids, run.describe())
        for detail in case.details:
            matching = [f for f in report["findings"] if f["id"] == detail.id and f["subject"] == detail.subject]
            self.assertEqual(len(matching), 1, f"{detail.id} about {detail.subject}\n" + run.describe())
            self.assertEqual(matching[0]["severity"], detail.severity, run.describe())
            snap = before[detail.snap]
            # RFC 8461 §3.2: senders keep the policy until fetch time + max_age.
            date = snap["fetched_at"] + (snap["max_age"] if detail.date == "expiry" else 0)
            self.assertIn(rfc3339(date), matching[0]["message"], run.describe())

        # JSON "history": what the file held, and which of it senders may still cache.
        history = report["history"]
        self.assertEqual(history["snapshots_before"], len(before), run.describe())
        still_cached = [s for s in before if s["fetched_at"] + s["max_age"] > now]
        self.assertEqual([s["id"] for s in history["cached"]], [s["id"] for s in still_cached], run.describe())

        # The file: the snapshots listed in `after`, this run's policy stored with the run's time.
        after = self.read_state(path)
        self.assertEqual(after["state_version"], 1)
        self.assertEqual(after["domains"][UNTOUCHED_DOMAIN], untouched, "a domain not checked stays as it was")
        stored = after["domains"].get(scenario.domain, {"snapshots": []})["snapshots"]
        self.assertEqual(len(stored), len(case.after), json.dumps(after, indent=1))
        for expected, actual in zip(case.after, stored):
            if expected == CURRENT:
                fetched_at = actual.get("fetched_at")
                self.assertTrue(started <= fetched_at <= finished, f"fetched_at {fetched_at} not in [{started}, {finished}]")
                self.assertEqual(actual, case.current.to_json(fetched_at))
                self.assertEqual(actual["body_sha256"], sha256(scenario.policy.body))
            else:
                self.assertEqual(actual, before[expected])
        self.assertFalse(os.path.exists(path + ".tmp"))

    def test_concurrent_runs_keep_both_updates(self):
        """Two runs on one state file at the same time: the lock makes them take turns, so the
        second starts from the first one's file and both domains end up stored."""
        path = os.path.join(self.dir, "state.json")
        runs = {}

        def check(domain):
            runs[domain] = runner.run(shared.lab(), ["--state", path, "--no-smtp", "--format", "json", domain])

        threads = [threading.Thread(target=check, args=(domain,)) for domain in ("good.test", "split-txt.test")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for domain, run in runs.items():
            self.assertEqual(run.code, 0, run.describe())
        stored = self.read_state(path)["domains"]
        self.assertEqual(sorted(stored), ["good.test", "split-txt.test"], json.dumps(stored, indent=1))
        # split-txt.test publishes id "2026" "0501": the strings joined (RFC 7208 §3.3 style).
        self.assertEqual(stored["split-txt.test"]["snapshots"][0]["id"], "20260501")


def make_test(case):
    def test(self):
        self.check_case(case)
    test.__doc__ = f"{case.name}: {case.why}"
    return test


for _case in STATE_CASES:
    setattr(State, "test_" + _case.name, make_test(_case))

if __name__ == "__main__":
    unittest.main()
