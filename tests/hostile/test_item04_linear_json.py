"""Item 4: a report whose unknown member holds 20 MB of "{}," (20 KB gzipped) is read in time
linear in its size. The bound below is a hang detector set far above the linear cost (under a
second of CPU, a few under ASan on a loaded machine), not a timing test: the quadratic parser
took minutes for a sixtieth of this input (320k objects, 13 s)."""
import gzip
import json
import os

from hostile import HostileTestCase, main, run

# Under ASan and UBSan (Debug) the linear cost itself is some 20 s of CPU: the bound widens, and
# still stays far below the hours the quadratic parser needed.
HANG_BOUND_SECONDS = 300 if os.environ.get("MTASTS_SANITIZED") == "1" else 60


def hostile_report(megabytes):
    count = megabytes * 1024 * 1024 // 3
    junk = "[" + "{}," * (count - 1) + "{}]"
    head = json.dumps({
        "organization-name": "Hostile Inc.",
        "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
        "contact-info": "x@example.com", "report-id": "linear-1",
        "policies": [{"policy": {"policy-type": "sts", "policy-domain": "example.com"},
                      "summary": {"total-successful-session-count": 7, "total-failure-session-count": 0}}],
    })
    return head[:-1] + ', "x-junk": ' + junk + "}"


class LinearJson(HostileTestCase):
    def test_20_mb_of_empty_objects(self):
        text = hostile_report(19)  # the largest report text accepted is 20 MiB
        self.assertGreater(len(text), 19 * 1024 * 1024)
        path = self.path("junk.json.gz")
        with gzip.open(path, "wb") as f:
            f.write(text.encode())
        result = run("report", "--format", "json", path, timeout=HANG_BOUND_SECONDS)
        self.assertExit(result, 0)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["reports"], 1)
        self.assertEqual(doc["totals"]["successful"], 7)

    def test_same_junk_in_a_known_member_is_bounded_too(self):
        # Millions of bad entries where entries are expected: still read once, problems capped.
        count = 1024 * 1024
        text = json.dumps({"organization-name": "Hostile Inc.", "report-id": "linear-2"})[:-1] + \
            ', "policies": [' + "{}," * (count - 1) + "{}]}"
        path = self.write("policies.json", text)
        result = run("report", "--format", "json", path, timeout=HANG_BOUND_SECONDS)
        doc = json.loads(result.stdout)
        warnings = doc["files"][0]["warnings"]
        self.assertLess(len(warnings), 200, "problems of one report are capped")
        self.assertEqual(doc["reports"], 0)

    def test_depth_cap_without_pre_scan(self):
        path = self.write("deep.json", '{"policies": ' + "[" * 100000 + "]" * 100000 + "}")
        result = run("report", path, timeout=HANG_BOUND_SECONDS)
        self.assertExit(result, 2)
        self.assertIn(b"nested deeper than 32", result.stderr)


if __name__ == "__main__":
    main()
