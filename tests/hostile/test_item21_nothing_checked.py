"""Item 21: --ignore dns.lookup-failed on a run where no lookup succeeded never says PASS: the
verdict stays incomplete (exit 3) and the headline says that nothing was checked."""
import json

from hostile import OFFLINE, HostileTestCase, main, run


class NothingChecked(HostileTestCase):
    def test_ignoring_lookup_failures_is_not_a_pass(self):
        result = run("a.example", *OFFLINE, "--ignore", "dns.lookup-failed")
        self.assertExit(result, 3)
        self.assertNotIn(b"PASS", result.stdout)
        self.assertIn(b"nothing was checked", result.stdout)

        result = run("a.example", *OFFLINE, "--ignore", "dns.lookup-failed", "--format", "json")
        self.assertExit(result, 3)
        self.assertEqual(json.loads(result.stdout)["verdict"], "incomplete")

    def test_without_ignore_still_incomplete(self):
        result = run("a.example", *OFFLINE)
        self.assertExit(result, 3)
        self.assertIn(b"INCOMPLETE", result.stdout)


if __name__ == "__main__":
    main()
