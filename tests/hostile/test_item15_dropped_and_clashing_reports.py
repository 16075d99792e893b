"""Item 15: a report whose every policy entry is dropped counts no report, with a message; two
files with the same report-id but different bodies keep the first and warn, naming both files
and RFC 8460 §5.3."""
import json

from hostile import HostileTestCase, main, run


def report(report_id, policy_type="sts", successful=1):
    return json.dumps({
        "organization-name": "Sender", "report-id": report_id, "contact-info": "x@example.com",
        "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
        "policies": [{"policy": {"policy-type": policy_type, "policy-domain": "example.com"},
                      "summary": {"total-successful-session-count": successful,
                                  "total-failure-session-count": 0}}]})


class DroppedAndClashingReports(HostileTestCase):
    def test_only_policy_dropped_counts_no_report(self):
        path = self.write("odd.json", report("only-dropped", policy_type="bogus"))
        result = run("report", "--format", "json", path)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["reports"], 0)
        warnings = " ".join(doc["files"][0]["warnings"])
        self.assertIn("every policy entry was dropped", warnings)
        self.assertIn("not counted", warnings)

    def test_same_id_different_body_warns_naming_both(self):
        first = self.write("a.json", report("same-id", successful=10))
        second = self.write("b.json", report("same-id", successful=99))
        result = run("report", "--format", "json", first, second)
        self.assertExit(result, 0)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["reports"], 1)
        self.assertEqual(doc["totals"]["successful"], 10, "the first read is counted")
        warnings = " ".join(doc["files"][1]["warnings"])
        self.assertIn("different body", warnings)
        self.assertIn(first, warnings)
        self.assertIn("RFC 8460 §5.3", warnings)

    def test_same_id_same_body_is_a_quiet_retry(self):
        first = self.write("a.json", report("retry"))
        second = self.write("b.json", report("retry"))
        doc = json.loads(run("report", "--format", "json", first, second).stdout)
        self.assertEqual(doc["reports"], 1)
        self.assertFalse(any("different body" in w for w in doc["files"][1]["warnings"]))


if __name__ == "__main__":
    main()
