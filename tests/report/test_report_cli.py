#!/usr/bin/env python3
"""`mta-sts-check report` run as a user would. Totals are hand-counted from the data files (see
tests/unit/test_report_aggregate.cpp for the sums), never copied from the program's output."""
import gzip
import json
import os
import subprocess
import tempfile
import unittest

BINARY = os.environ.get("MTASTS_BINARY", "mta-sts-check")
DATA = os.path.join(os.environ.get("MTASTS_SOURCE_DIR", "."), "tests", "data", "tlsrpt")
REAL = os.path.join(DATA, "real")
OWN = os.path.join(DATA, "own")


def run(*args, stdin=None):
    return subprocess.run([BINARY, "report", *args], input=stdin, capture_output=True, timeout=60)


def run_json(*args, stdin=None):
    result = run("--format", "json", *args, stdin=stdin)
    return result, json.loads(result.stdout)


class ReportCli(unittest.TestCase):
    def test_real_samples_hand_count(self):
        result, doc = run_json(REAL)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(doc["schema_version"], 1)
        self.assertEqual(doc["reports"], 16)
        self.assertEqual(doc["totals"]["successful"], 5488)
        self.assertEqual(doc["totals"]["failed"], 311)
        self.assertEqual(doc["totals"]["by_result_type"],
                         {"starttls-not-supported": 200, "certificate-expired": 100, "validation-failure": 6,
                          "sts-policy-fetch-error": 5, "certificate-host-mismatch": 1})
        self.assertEqual(doc["period"], {"start": "2016-04-01T00:00:00Z", "end": "2026-01-12T00:00:00Z"})
        example = [p for p in doc["policies"] if p["policy_domain"] == "example.com" and p["policy_type"] == "sts"]
        self.assertEqual(len(example), 1)
        self.assertEqual((example[0]["successful"], example[0]["failed"]), (101, 5))
        # The latest policy senders saw for example.com: phi-ag microsoft-2, 2024-03-26.
        self.assertIn("mx: mx.example.com", example[0]["policy_strings"])

    def test_text_summary(self):
        result = run("--color", "never", REAL)
        self.assertEqual(result.returncode, 0)
        text = result.stdout.decode()
        self.assertIn("16 reports", text)
        self.assertIn("5488 successful, 311 failed sessions", text)
        self.assertIn("mx.cert-expired", text)
        self.assertNotIn("\x1b[", text)

    def test_every_result_type_is_explained(self):
        result, doc = run_json(os.path.join(OWN, "good"))
        self.assertEqual(result.returncode, 0, result.stderr)
        types = {t["result_type"]: t for t in doc["result_types"]}
        self.assertEqual(len(types), 12)
        self.assertEqual(types["certificate-expired"]["count"], 5)
        self.assertIn("mx.cert-expired", types["certificate-expired"]["findings"])
        self.assertIn("policy.fetch-failed", types["sts-policy-fetch-error"]["findings"])
        self.assertFalse(types["tls-version-too-old"]["registered"])
        self.assertEqual(doc["reports"], 6)
        self.assertEqual(doc["totals"]["successful"], 2150)
        self.assertEqual(doc["totals"]["failed"], 73)

    def test_broken_input_exits_2_but_summarizes_the_rest(self):
        good = os.path.join(REAL, "parsedmarc__smtp_tls.json")
        broken = os.path.join(OWN, "broken", "invalid.json")
        result, doc = run_json(good, broken)
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"invalid.json", result.stderr)
        self.assertEqual(doc["reports"], 1)
        self.assertEqual(doc["totals"]["failed"], 3)
        errors = {os.path.basename(f["path"]): f["error"] for f in doc["files"]}
        self.assertIsNone(errors["parsedmarc__smtp_tls.json"])
        self.assertIn("not valid JSON", errors["invalid.json"])
        skipped, _ = run_json("--skip-invalid", good, broken)
        self.assertEqual(skipped.returncode, 0)

    def test_every_broken_file_is_an_error(self):
        for name in sorted(os.listdir(os.path.join(OWN, "broken"))):
            with self.subTest(name=name):
                result, doc = run_json(os.path.join(OWN, "broken", name))
                self.assertEqual(result.returncode, 2)
                self.assertIsNotNone(doc["files"][0]["error"])
                self.assertEqual(doc["reports"], 0)

    def test_missing_file_exits_2(self):
        result = run("/nonexistent/report.json")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"no such file", result.stderr)

    def test_stdin_gzip(self):
        with open(os.path.join(REAL, "parsedmarc__mail.ru.json"), "rb") as f:
            data = gzip.compress(f.read())
        result, doc = run_json("-", stdin=data)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(doc["reports"], 1)
        self.assertEqual(doc["totals"]["by_result_type"], {"sts-policy-fetch-error": 2})

    def test_duplicates_count_once(self):
        same = os.path.join(REAL, "stalwart-mail-auth__rpt02.json")
        result, doc = run_json(same, same, os.path.join(REAL, "stalwart-mail-auth__rpt02.eml"))
        self.assertEqual(doc["reports"], 1)
        self.assertEqual(doc["duplicates"], 2)
        self.assertEqual(doc["totals"]["successful"], 23)

    def test_filters(self):
        _, doc = run_json("--domain", "EXAMPLE.com.", REAL)
        self.assertEqual((doc["reports"], doc["totals"]["successful"], doc["totals"]["failed"]), (6, 101, 5))
        _, doc = run_json("--since", "2024-02-17", "--until", "2024-03-26", REAL)
        self.assertEqual((doc["reports"], doc["totals"]["successful"], doc["totals"]["failed"]), (3, 60, 1))
        bad = run("--since", "yesterday", REAL)
        self.assertEqual(bad.returncode, 2)

    def test_output_file_and_html(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "summary.html")
            result = run("--format", "html", "-o", path, REAL)
            self.assertEqual(result.returncode, 0)
            self.assertEqual(result.stdout, b"")
            with open(path, encoding="utf-8") as f:
                html = f.read()
            self.assertIn('<b id="total-successful" class="ok">5488</b>', html)
            self.assertNotIn("<script", html)


if __name__ == "__main__":
    unittest.main()
