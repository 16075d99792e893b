"""`promote` offline: argument errors and unreadable report inputs are usage errors (exit 2)
before anything is looked up; with no resolver answering, every reason is listed (exit 1) in
the JSON keys of the man page (promote)."""
import os
import socket
import tempfile
import unittest

from harness import SOURCE_DIR, CliTestCase, run

REPORTS = os.path.join(SOURCE_DIR, "tests", "data", "tlsrpt")


class PromoteUsage(CliTestCase):
    def test_reports_are_required(self):
        result = run("promote", "example.com")
        self.assertExit(result, 2)
        self.assertIn(b"--reports", result.stderr)

    def test_domain_is_required_and_normalised(self):
        self.assertExit(run("promote", "--reports", REPORTS), 2)
        result = run("promote", "a..example", "--reports", REPORTS)
        self.assertExit(result, 2)
        self.assertIn(b"empty", result.stderr)

    def test_bad_days(self):
        for days in ("0", "367", "-1", "two", "1.5"):
            with self.subTest(days=days):
                result = run("promote", "example.com", "--reports", REPORTS, "--days", days)
                self.assertExit(result, 2)
                self.assertIn(b"--days", result.stderr)

    def test_bad_format(self):
        self.assertExit(run("promote", "example.com", "--reports", REPORTS, "--format", "sarif"), 2)

    def test_missing_path_is_named(self):
        missing = os.path.join(tempfile.gettempdir(), "mtasts-no-such-reports-folder")
        result = run("promote", "example.com", "--reports", missing)
        self.assertExit(result, 2)
        self.assertIn(missing.encode(), result.stderr)
        self.assertIn(b"no such file", result.stderr)
        self.assertEqual(result.stdout, b"")

    def test_input_that_is_not_a_report_is_named(self):
        broken = os.path.join(REPORTS, "own", "broken", "invalid.json")
        result = run("promote", "example.com", "--reports", os.path.join(REPORTS, "own", "good"), broken)
        self.assertExit(result, 2)
        self.assertIn(b"invalid.json", result.stderr)
        self.assertEqual(result.stdout, b"")

    @unittest.skipIf(os.geteuid() == 0, "root reads files whatever their mode")
    def test_unreadable_file_is_named(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "report.json")
            with open(path, "w", encoding="utf-8") as out:
                out.write("{}")
            os.chmod(path, 0)
            result = run("promote", "example.com", "--reports", path)
            self.assertExit(result, 2)
            self.assertIn(b"report.json", result.stderr)

    def test_state_belongs_to_the_live_check(self):
        result = run("--state", "s.json", "promote", "example.com", "--reports", REPORTS)
        self.assertExit(result, 2)
        self.assertIn(b"promote", result.stderr)


def silent_resolver():
    """--resolver and --timeout for a loopback address where nothing listens: every lookup fails at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return ["--resolver", f"127.0.0.1:{port}", "--timeout", "1", "--no-smtp"]


class PromoteDomainPlace(CliTestCase):
    """DOMAIN before --reports, or after its paths (--reports takes every value up to the next option)."""
    GOOD = os.path.join(REPORTS, "own", "good")
    MAILDIR = os.path.join(REPORTS, "own", "good", "Maildir")
    MBOX = os.path.join(REPORTS, "own", "good", "reports.mbox")

    def test_domain_before_or_after_the_report_paths(self):
        forms = [
            ["example.com", "--reports", self.MAILDIR, self.MBOX],
            ["--reports", self.MAILDIR, "--reports", self.MBOX, "example.com"],
            ["--reports", self.MAILDIR, self.MBOX, "example.com"],
            ["--reports", self.MAILDIR, "example.com", "--days", "3"],
        ]
        for form in forms:
            with self.subTest(form=form):
                result = run("promote", *form, *silent_resolver(), "--format", "json")
                self.assertExit(result, 1)  # not ready: nothing answers
                self.assertEqual(result.json()["domain"], "example.com")

    def test_every_path_before_the_domain_is_a_report_input(self):
        missing = os.path.join(tempfile.gettempdir(), "mtasts-no-such-reports-folder")
        result = run("promote", "--reports", self.GOOD, missing, "example.com")
        self.assertExit(result, 2)
        self.assertIn(missing.encode(), result.stderr)
        self.assertIn(b"no such file", result.stderr)

    def test_no_domain_is_a_usage_error(self):
        for form in (["--reports", self.GOOD], ["--reports", self.MAILDIR, self.MBOX], ["--reports", self.GOOD, "-"]):
            with self.subTest(form=form):
                result = run("promote", *form)
                self.assertExit(result, 2)
                self.assertIn(b"promote needs a DOMAIN", result.stderr)
                self.assertIn(b"--reports PATH... DOMAIN", result.stderr)
                self.assertEqual(result.stdout, b"")

    def test_a_malformed_domain_after_the_paths_is_named(self):
        result = run("promote", "--reports", self.GOOD, "a..example")
        self.assertExit(result, 2)
        self.assertIn(b"empty", result.stderr)


class PromoteWithoutAnswers(CliTestCase):
    def test_every_reason_is_listed_as_json(self):
        result = run("promote", "example.com", "--reports", os.path.join(REPORTS, "own", "good"), *silent_resolver(),
                     "--format", "json")
        self.assertExit(result, 1)
        decision = result.json()
        self.assertEqual(decision["status"], "not-ready")
        self.assertIs(decision["ready"], False)
        self.assertIsNone(decision["proposal"])
        self.assertEqual(decision["reports"]["days"], 14)
        codes = [reason["code"] for reason in decision["reasons"]]
        # The sample reports are from 2020..2026-01: none is about the last 14 days of example.com.
        self.assertEqual(codes, ["no-policy", "tlsrpt-missing", "no-reports"])
        for key in ("domain", "status", "ready", "policy", "mx", "tlsrpt_record", "reports", "reasons", "notes", "proposal"):
            self.assertIn(key, decision)
        for key in ("code", "message", "mx", "result_type", "sessions", "organizations", "days"):
            self.assertIn(key, decision["reasons"][0])


if __name__ == "__main__":
    unittest.main()
