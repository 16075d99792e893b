"""`generate` against the lab (man page, generate). The scenario generated.test publishes what
generate writes, unchanged (lab/generated.py), and test_scenarios checks that it passes. Here:
the live MX hosts as the default, a domain without MX records, and --from-live after an MX
change: mx-not-covered.test serves a policy naming mx1.good.test only while its MX records name
mx1 and mx2."""
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from lab import runner, shared
from lab.scenarios import by_name

CHANGED = by_name()["mx-not-covered"]
DAY = 86400


def setUpModule():
    shared.lab()


def generate(*args):
    """Run generate with the lab's network options; (exit status, stdout, a description)."""
    argv = [runner.binary(), "generate", *args, *shared.lab().binary_args()]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, f"$ {' '.join(argv)}\nexit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr}"


def snapshot(body, fetched_at, policy_id):
    """A state-file snapshot of the served policy (src/check/live/state_file.hpp)."""
    return {"id": policy_id, "body_sha256": hashlib.sha256(body.encode()).hexdigest(), "mode": "enforce",
            "max_age": 604800, "mx": ["mx1.good.test"], "fetched_at": fetched_at}


class Generate(unittest.TestCase):
    maxDiff = None

    def test_live_mx_hosts_by_default(self):
        code, out, describe = generate("good.test", "--format", "json")
        self.assertEqual(code, 0, describe)
        result = json.loads(out)
        self.assertEqual(result["mx"], ["mx1.good.test", "mx2.good.test"], describe)
        self.assertEqual(result["mx_source"], "live", describe)

    def test_no_mx_records_asks_for_mx(self):
        code, _, describe = generate("mx-implicit.test")
        self.assertEqual(code, 2, describe)
        self.assertIn("--mx", describe)

    def test_from_live_after_an_mx_change(self):
        folder = tempfile.mkdtemp(prefix="mtasts-lab-generate-")
        self.addCleanup(shutil.rmtree, folder, True)
        state = os.path.join(folder, "state.json")
        now = int(time.time())
        body = CHANGED.policy.body
        snapshots = [snapshot(body, now - 30 * DAY, "expired1"), snapshot(body, now - DAY, "20260101T000000")]
        with open(state, "w", encoding="utf-8") as out:
            json.dump({"state_version": 1, "domains": {CHANGED.domain: {"snapshots": snapshots}}}, out)

        code, out, describe = generate(CHANGED.domain, "--from-live", "--state", state, "--format", "json")
        self.assertEqual(code, 0, describe)
        result = json.loads(out)
        # The served mode and max_age are kept; the missing MX host is added.
        self.assertEqual((result["mode"], result["max_age"]), ("enforce", 604800), describe)
        self.assertEqual(result["mx"], ["mx1.good.test", "mx2.good.test"], describe)
        change = result["change"]
        self.assertTrue(change["changed"], describe)
        self.assertEqual(change["served_policy"], body)
        self.assertIn("\n+mx: mx2.good.test\n", change["diff"], describe)
        self.assertEqual(change["served_id"], "20260101T000000")
        self.assertNotEqual(result["id"], change["served_id"])
        self.assertIn("RFC 8461 §3.1", change["id_reason"])
        # Only the snapshot still inside its max_age, until fetched_at + max_age.
        self.assertEqual([c["id"] for c in change["cached"]], ["20260101T000000"], describe)
        until = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - DAY + 604800))
        self.assertEqual(change["cached"][0]["cached_until"], until)

        code, text, describe = generate(CHANGED.domain, "--from-live", "--state", state)
        self.assertEqual(code, 0, describe)
        self.assertIn("+mx: mx2.good.test", text)
        self.assertIn("cached until " + until, text)

    def test_from_live_when_nothing_changed(self):
        code, text, describe = generate("good.test", "--from-live")
        self.assertEqual(code, 0, describe)
        self.assertIn("nothing to change", text, describe)


if __name__ == "__main__":
    unittest.main()
