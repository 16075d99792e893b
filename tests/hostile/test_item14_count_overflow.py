"""Item 14: session counts are summed with checked arithmetic that stops at 2^64-1 and says so;
a count out of range (2^64, 10^400) drops only its own entry, with a message naming the range."""
import json
import os

from hostile import HostileTestCase, main, run

SAFE_MAX = 2 ** 53 - 1


def report(report_id, successful, failed=0, extra_policy=None):
    policies = [{"policy": {"policy-type": "sts", "policy-domain": "example.com"},
                 "summary": {"total-successful-session-count": successful, "total-failure-session-count": failed}}]
    if extra_policy is not None:
        policies.append(extra_policy)
    return json.dumps({
        "organization-name": "Big Sender", "report-id": report_id, "contact-info": "x@example.com",
        "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
        "policies": policies})


class CountOverflow(HostileTestCase):
    def test_sums_saturate_instead_of_wrapping(self):
        folder = self.path("many")
        os.mkdir(folder)
        # 2100 reports of 2^53-1 sessions: about 1.9e19, past 2^64-1 (1.8e19).
        for i in range(2100):
            with open(os.path.join(folder, f"r{i:04d}.json"), "w", encoding="utf-8") as f:
                f.write(report(f"id-{i}", SAFE_MAX))
        result = run("report", "--format", "json", folder, timeout=120)
        self.assertExit(result, 0)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["reports"], 2100)
        self.assertEqual(doc["totals"]["successful"], 2 ** 64 - 1)
        self.assertTrue(doc["totals"]["saturated"])
        text = run("report", folder, timeout=120)
        self.assertIn(b"stopped there", text.stdout)

    def test_out_of_range_number_drops_only_its_entry(self):
        good = {"policy": {"policy-type": "sts", "policy-domain": "other.example"},
                "summary": {"total-successful-session-count": 5, "total-failure-session-count": 0}}
        for number in ("18446744073709551616", "1" + "0" * 400, "1e400"):
            with self.subTest(number=number[:12]):
                text = report("r-" + number[:8], 1, extra_policy=good).replace(
                    '"total-successful-session-count": 1', '"total-successful-session-count": ' + number)
                path = self.write("big.json", text)
                result = run("report", "--format", "json", path)
                self.assertExit(result, 0)
                doc = json.loads(result.stdout)
                self.assertEqual(doc["reports"], 1, "the report is kept")
                self.assertEqual(doc["totals"]["successful"], 5, "only the bad entry is dropped")
                warnings = " ".join(doc["files"][0]["warnings"])
                self.assertIn("beyond the range of a 64-bit integer", warnings)
                self.assertNotIn("not an integer", warnings)


if __name__ == "__main__":
    main()
