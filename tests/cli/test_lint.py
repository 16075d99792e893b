"""`mta-sts-check lint`: the offline checks end to end, through the real binary (exit status,
finding ids of docs/findings.md, JSON of the man page)."""
import json
import os
import tempfile
import unittest

from harness import CliTestCase, run

GOOD_POLICY = b"version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.mail.example.com\r\nmax_age: 604800\r\n"


def lint(*args, policy=None, fmt="json", timeout=30):
    extra = ["--policy", "-"] if policy is not None else []
    return run("lint", "--format", fmt, *extra, *args, stdin=policy, timeout=timeout)


class LintPolicy(CliTestCase):
    def test_good_policy_passes(self):
        result = lint("--domain", "example.com", policy=GOOD_POLICY)
        self.assertExit(result, 0)
        report = result.json()
        self.assertEqual(report["verdict"], "pass")
        self.assertEqual(report["domain"], "example.com")
        self.assertEqual(report["mta_sts"]["policy"]["mode"], "enforce")
        self.assertEqual(report["mta_sts"]["policy"]["max_age"], 604800)
        self.assertEqual(report["mta_sts"]["policy"]["mx"], ["mx1.example.com", "*.mail.example.com"])

    def test_broken_policies_fail_with_the_right_ids(self):
        cases = [
            (b"version: STSv1\nmode: enforced\nmx: a.example.com\nmax_age: 86400\n", "policy.mode-invalid"),
            (b"version: STSv2\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n", "policy.version"),
            (b"mode: enforce\nmx: a.example.com\nmax_age: 86400\n", "policy.version"),
            (b"version: STSv1\nmode: enforce\nmax_age: 86400\n", "policy.mx-missing"),
            (b"version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: +86400\n", "policy.max-age-invalid"),
            (b"version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557601\n", "policy.max-age-invalid"),
            (b"version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 86400\n", "policy.mx-invalid"),
            (b"version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 86400\n", "policy.mx-invalid"),
            (b"version: STSv1\nmode: enforce\nmode: testing\nmx: a.example.com\nmax_age: 86400\n", "policy.duplicate-key"),
            (b"version: STSv1\nmode: enforce\n\nmx: a.example.com\nmax_age: 86400\n", "policy.invalid"),
            (b"version: STSv1\r mode: enforce\r mx: a.example.com\r max_age: 86400\r", "policy.invalid"),
            (b"\xef\xbb\xbfversion: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n", "policy.invalid"),
            (b"version: STSv1\nmode: enforce\n  mx: a.example.com\nmax_age: 86400\n", "policy.invalid"),
            (b"version: STSv1\x00\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n", "policy.invalid"),
            (b"version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n\xff\xfe: \xc3\x28\n", "policy.invalid"),
        ]
        for body, expected in cases:
            with self.subTest(body=body):
                result = lint(policy=body)
                self.assertExit(result, 1)
                self.assertIn(expected, result.ids())
                self.assertEqual(result.json()["verdict"], "fail")
                json.dumps(result.json())  # the output was valid JSON even for binary input

    def test_warnings_and_info(self):
        body = b"version: STSv1\nmode: testing\nmx: a.example.com\nmax_age: 3600\nnmx: b.example.com\n"
        result = lint(policy=body)
        self.assertExit(result, 0)
        ids = result.ids()
        for expected in ("policy.max-age-short", "policy.mode-testing", "policy.unknown-key", "policy.line-endings"):
            self.assertIn(expected, ids)
        self.assertEqual(result.json()["verdict"], "warn")
        self.assertExit(lint("--strict", policy=body), 1)
        self.assertExit(lint("--fail-on", "warning", policy=body), 1)

    def test_ignore_leaves_the_verdict_but_keeps_the_finding(self):
        body = b"version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 3600\n"
        result = lint("--strict", "--ignore", "policy.max-age-short", policy=body)
        self.assertExit(result, 0)
        findings = {f["id"]: f for f in result.json()["findings"]}
        self.assertTrue(findings["policy.max-age-short"]["ignored"])

    def test_too_large_policy_file(self):
        with tempfile.NamedTemporaryFile(suffix=".txt") as f:
            f.write(GOOD_POLICY + b"x_pad: " + b"a" * 70000 + b"\n")
            f.flush()
            result = run("lint", "--format", "json", "--policy", f.name)
            self.assertExit(result, 1)
            self.assertIn("policy.too-large", result.ids())

    def test_huge_binary_file_is_judged_not_read_whole(self):
        with tempfile.NamedTemporaryFile() as f:
            f.write(os.urandom(3 * 1024 * 1024))
            f.flush()
            result = run("lint", "--format", "json", "--policy", f.name)
            self.assertExit(result, 1)
            self.assertIn("policy.too-large", result.ids())
            self.assertLess(len(result.stdout), 4 * 1024 * 1024)


class LintRecords(CliTestCase):
    def test_good_records(self):
        result = lint("--domain", "example.com", "--sts-record", "v=STSv1; id=20240501T000000",
                      "--sts-record", "v=spf1 -all", "--tlsrpt-record", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
        self.assertExit(result, 0)
        report = result.json()
        self.assertEqual(report["mta_sts"]["record"]["id"], "20240501T000000")
        self.assertEqual(report["mta_sts"]["record"]["name"], "_mta-sts.example.com")
        self.assertEqual(report["tls_rpt"]["record"]["rua"], ["mailto:tlsrpt@example.com"])

    def test_broken_records(self):
        cases = [
            (["--sts-record", "v=STSv1; id=a", "--sts-record", "v=STSv1; id=b"], "sts.record.multiple"),
            (["--sts-record", "v=STSv1; id=2024-05-01"], "sts.record.id-invalid"),
            (["--sts-record", "v=STSv1; id=" + "a" * 33], "sts.record.id-invalid"),
            (["--sts-record", "v=STSv1;"], "sts.record.invalid"),
            (["--sts-record", "v=STSv1; ID=abc"], "sts.record.invalid"),
            (["--sts-record", "v=spf1 -all"], "sts.record.missing"),
            (["--tlsrpt-record", "v=TLSRPTv1; rua=mailto:a@example.com!10m"], "tlsrpt.rua-invalid"),
            (["--tlsrpt-record", "v=TLSRPTv1; rua=ftp://example.com/x"], "tlsrpt.rua-invalid"),
            (["--tlsrpt-record", "v=TLSRPTv1"], "tlsrpt.record.invalid"),
            (["--tlsrpt-record", "v=TLSRPTv1; rua=mailto:a@example.com", "--tlsrpt-record", "v=TLSRPTv1; rua=mailto:b@example.com"],
             "tlsrpt.record.multiple"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                result = lint(*args)
                self.assertExit(result, 1)
                self.assertIn(expected, result.ids())

    def test_missing_tlsrpt_is_a_warning(self):
        result = lint("--tlsrpt-record", "v=spf1 -all")
        self.assertExit(result, 0)
        self.assertIn("tlsrpt.record.missing", result.ids())
        self.assertEqual(result.json()["verdict"], "warn")

    def test_hostile_record_text(self):
        for record in ("v=STSv1; " + "; ".join(f"f{i}=v" for i in range(10000)) + "; id=abc",
                       "v=STSv1; id=abc; x=" + "y" * 100000, "v=STSv1; id=a\x01bc"):
            with self.subTest(length=len(record)):
                result = lint("--sts-record", record, timeout=20)
                self.assertIn(result.status, (0, 1))
                result.json()


class LintCoverage(CliTestCase):
    def test_mx_coverage_both_ways(self):
        body = b"version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: old.example.com\nmax_age: 604800\n"
        result = lint("--mx", "MX1.example.com.", "--mx", "backup.example.net", policy=body)
        self.assertExit(result, 1)
        report = result.json()
        ids = result.ids()
        self.assertIn("mx.not-covered", ids)
        self.assertIn("policy.mx-unused", ids)
        hosts = {h["host"]: h for h in report["mx"]}
        self.assertTrue(hosts["mx1.example.com"]["covered_by_policy"])
        self.assertFalse(hosts["backup.example.net"]["covered_by_policy"])
        self.assertFalse(hosts["backup.example.net"]["deliverable_under_policy"])
        self.assertIsNone(hosts["mx1.example.com"]["deliverable_under_policy"])  # not probed offline

    def test_no_mx_covered_in_enforce_blocks_delivery(self):
        body = b"version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 604800\n"
        for host in ("example.com", "a.b.example.com", "badexample.com"):
            with self.subTest(host=host):
                result = lint("--mx", host, policy=body)
                self.assertIn("delivery.blocked", result.ids())

    def test_bad_mx_argument_is_a_usage_error(self):
        self.assertExit(lint("--mx", "not a host", policy=b"version: STSv1\n"), 2)


class LintText(CliTestCase):
    def test_text_report_names_problem_and_fix(self):
        body = b"version: STSv1\nmode: enforced\nmx: a.example.com\nmax_age: 86400\n"
        result = lint(policy=body, fmt="text")
        self.assertExit(result, 1)
        self.assertIn(b"policy.mode-invalid", result.stdout)
        self.assertIn(b"enforced", result.stdout)
        self.assertNotIn(b"\x1b[", result.stdout)  # not a TTY: no colour
        coloured = run("lint", "--color", "always", "--policy", "-", stdin=body)
        self.assertIn(b"\x1b[", coloured.stdout)
        no_color = run("lint", "--color", "auto", "--policy", "-", stdin=body, env={"NO_COLOR": "1"})
        self.assertNotIn(b"\x1b[", no_color.stdout)


if __name__ == "__main__":
    unittest.main()
