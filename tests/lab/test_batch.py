"""Many domains in one run (man page, SYNOPSIS and EXIT STATUS): -i FILE with comments,
blank lines and CRLF, '-' for stdin, --jobs, one JSONL line per domain, usage errors -> 2,
--fail-on / --strict / --ignore."""
import os
import tempfile
import unittest

from lab import contract, runner, shared
from lab.expected_fail import EXPECTED_FAIL, mark
from lab.scenarios import EXIT_OF_VERDICT, SCENARIOS, by_name

# Scenarios whose verdict is fixed and that need no per-scenario option or resolver: safe to run together
# (those on the expected-failure list are left out: the batch tests are about batching).
PLAIN = [s for s in SCENARIOS if not s.args and s.resolver == "proxy" and isinstance(s.verdict, str)
         and (s.name not in EXPECTED_FAIL or os.environ.get("MTASTS_LAB_STRICT"))]


def setUpModule():
    shared.lab()


class Batch(unittest.TestCase):
    maxDiff = None

    def run_binary(self, args, stdin=None):
        return runner.run(shared.lab(), args, stdin=stdin)

    def verdicts(self, run):
        return {report.get("domain"): report.get("verdict") for report in run.reports}

    def input_file(self, text):
        handle, path = tempfile.mkstemp(suffix=".txt")
        with os.fdopen(handle, "w", newline="") as out:
            out.write(text)
        self.addCleanup(os.unlink, path)
        return path

    def test_input_file_with_comments_blank_lines_and_crlf(self):
        path = self.input_file("# lab domains\r\ngood.test\r\n\r\n   \r\npolicy-testing.test  # trailing comment\r\n"
                               "# sts-multiple.test\r\nsts-missing.test\r\n")
        run = self.run_binary(["--format", "jsonl", "--jobs", "3", "-i", path])
        self.assertEqual(run.parse_error, "", run.describe())
        self.assertEqual(self.verdicts(run), {"good.test": "pass", "policy-testing.test": "pass",
                                              "sts-missing.test": "fail"}, run.describe())
        self.assertEqual(len(run.stdout.strip().splitlines()), 3, "one JSONL line per domain")
        self.assertEqual(run.code, 1, run.describe())

    def test_input_from_stdin(self):
        run = self.run_binary(["--format", "jsonl", "-i", "-"], stdin="good.test\npolicy-testing.test\n")
        self.assertEqual(self.verdicts(run), {"good.test": "pass", "policy-testing.test": "pass"}, run.describe())
        self.assertEqual(run.code, 0, run.describe())

    def test_many_domains_at_once_match_their_scenarios(self):
        run = self.run_binary(["--format", "jsonl", "--jobs", "8", *[s.domain for s in PLAIN]])
        self.assertEqual(run.parse_error, "", run.describe())
        self.assertEqual(self.verdicts(run), {s.domain: s.verdict for s in PLAIN}, run.describe())
        known = contract.catalog()
        for report in run.reports:
            self.assertEqual(contract.report_problems(report, known), [], report.get("domain"))
        self.assertTrue(any(s.verdict == "fail" for s in PLAIN))
        self.assertEqual(run.code, EXIT_OF_VERDICT["fail"], "a failing domain makes the run exit 1")

    def test_a_low_open_file_limit_changes_no_verdict(self):
        # Every plain scenario at once under RLIMIT_NOFILE 48 (soft and hard): far more sockets
        # than fit. Running out of descriptors is this host's failure, so each domain must still
        # get its own verdict, and no finding may blame EMFILE on a domain.
        run = runner.run(shared.lab(), ["--format", "jsonl", "--jobs", str(len(PLAIN)), *[s.domain for s in PLAIN]],
                         timeout=300, max_open_files=48)
        self.assertEqual(run.parse_error, "", run.describe())
        self.assertEqual(self.verdicts(run), {s.domain: s.verdict for s in PLAIN}, run.describe())
        for report in run.reports:
            for finding in report["findings"]:
                self.assertNotIn("open files", finding["message"], report["domain"])
                self.assertNotEqual(finding["id"], "local.failure", report["domain"])

    def test_no_descriptor_left_is_a_local_failure_not_a_finding_about_the_domain(self):
        # RLIMIT_NOFILE 5: stdio, the event loop and the resolver's socket take them all (4 would
        # not even load --ca-file), so no policy fetch or SMTP probe can open a socket. Nothing is
        # known about good.test's servers: incomplete, naming the local cause, never an error.
        run = runner.run(shared.lab(), ["--format", "json", "--timeout", "2", "good.test"], max_open_files=5)
        self.assertEqual(run.parse_error, "", run.describe())
        self.assertEqual(self.verdicts(run), {"good.test": "incomplete"}, run.describe())
        self.assertEqual(run.code, EXIT_OF_VERDICT["incomplete"], run.describe())
        findings = run.reports[0]["findings"]
        local = [f for f in findings if f["id"] == "local.failure"]
        self.assertTrue(local, run.describe())
        self.assertTrue(all("too many open files" in f["message"] for f in local), run.describe())
        self.assertEqual([f["id"] for f in findings if f["severity"] == "error"], [], run.describe())

    def test_json_with_several_domains_is_an_array_in_input_order(self):
        domains = ["tlsrpt-missing.test", "good.test", "sts-missing.test", "policy-testing.test"]
        run = self.run_binary(["--format", "json", "--jobs", "4", *domains])
        self.assertEqual(run.parse_error, "", run.describe())
        self.assertTrue(run.stdout.lstrip().startswith("["), "several domains: a JSON array\n" + run.describe())
        self.assertEqual([report.get("domain") for report in run.reports], domains, run.describe())

    def test_jobs_one_gives_the_same_verdicts_as_many_jobs(self):
        domains = [s.domain for s in PLAIN[:12]]
        one = self.run_binary(["--format", "jsonl", "--jobs", "1", *domains])
        many = self.run_binary(["--format", "jsonl", "--jobs", "12", *domains])
        self.assertEqual(self.verdicts(one), self.verdicts(many), one.describe() + "\n" + many.describe())
        self.assertEqual(len(one.reports), len(domains))

    def test_ipv4_only_probes_no_ipv6_address(self):
        run = self.run_binary(["--format", "json", "-4", "good.test"])
        self.assertEqual(run.code, 0, run.describe())
        addresses = contract.facts_at(run.reports[0], "mx/*/addresses/*")
        probed = sorted(address["ip"] for address in addresses if address.get("starttls") is True)
        self.assertEqual(probed, ["127.0.25.1", "127.0.25.2", "127.0.25.3"], run.describe())

    def test_exit_3_when_a_domain_is_incomplete_and_none_fails(self):
        run = self.run_binary(["--format", "jsonl", "--timeout", "2", "good.test", "servfail-sts.test"])
        self.assertEqual(self.verdicts(run), {"good.test": "pass", "servfail-sts.test": "incomplete"}, run.describe())
        self.assertEqual(run.code, 3, run.describe())

    def test_fail_wins_over_incomplete(self):
        run = self.run_binary(["--format", "jsonl", "--timeout", "2", "sts-missing.test", "servfail-sts.test"])
        self.assertEqual(run.code, 1, run.describe())

    def test_malformed_domain_is_a_usage_error(self):
        control = self.run_binary(["--format", "json", "good.test"])
        self.assertEqual(control.code, 0, "the same command with a good name works: " + control.describe())
        for bad in ("a..b.test", "exa mple.test", "-bad.test", "x" * 64 + ".test"):
            run = self.run_binary(["--format", "json", "good.test", bad])
            self.assertEqual(run.code, 2, run.describe())

    def test_missing_input_file_is_a_usage_error(self):
        control = self.run_binary(["--format", "json", "-i", self.input_file("good.test\n")])
        self.assertEqual(control.code, 0, "the same command with a readable file works: " + control.describe())
        run = self.run_binary(["--format", "json", "-i", "/nonexistent/domains.txt"])
        self.assertEqual(run.code, 2, run.describe())

    def test_strict_fails_on_warnings(self):
        warn = by_name()["tlsrpt-missing"]
        self.assertEqual(warn.verdict, "warn")
        self.assertEqual(self.run_binary(["--format", "json", warn.domain]).code, 0)
        self.assertEqual(self.run_binary(["--format", "json", "--strict", warn.domain]).code, 1)
        self.assertEqual(self.run_binary(["--format", "json", "--fail-on", "warning", warn.domain]).code, 1)

    def test_fail_on_never_exits_0_on_errors(self):
        run = self.run_binary(["--format", "json", "--fail-on", "never", "sts-missing.test"])
        self.assertEqual(run.code, 0, run.describe())
        self.assertEqual(self.verdicts(run), {"sts-missing.test": "fail"}, "the verdict itself does not change")

    def test_ignored_finding_stays_listed_but_leaves_the_verdict(self):
        run = self.run_binary(["tlsrpt-missing.test", "--format", "json", "--strict",
                               "--ignore", "tlsrpt.record.missing"])
        self.assertEqual(run.code, 0, run.describe())
        ids = [finding.get("id") for report in run.reports for finding in report.get("findings", [])]
        self.assertIn("tlsrpt.record.missing", ids, "an ignored finding is still listed")

    def test_ignore_before_the_domain_takes_one_id(self):
        run = self.run_binary(["--format", "json", "--strict", "--ignore", "tlsrpt.record.missing",
                               "tlsrpt-missing.test"])
        self.assertEqual(run.code, 0, "--ignore ID DOMAIN: the domain is not a second id\n" + run.describe())


# expected_fail.EXPECTED_FAIL may name any of these tests.
for _name in [name for name in dir(Batch) if name.startswith("test_")]:
    setattr(Batch, _name, mark(_name, getattr(Batch, _name)))

if __name__ == "__main__":
    unittest.main()
