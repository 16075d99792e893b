"""--format junit read by Debian's python3-junitparser (a JUnit consumer, not our parser): one
testsuites root for the run, a suite per domain, a case per check area, failures from
--fail-on with id, message and fix, and hostile policy bytes that stay well-formed XML."""
import unittest

from junitparser import Error, Failure, JUnitXml, Skipped

from harness import BROKEN_POLICY, HOSTILE_POLICY, FormatTestCase


def parse(result):
    return JUnitXml.fromstring(result.stdout)


def results(case):
    return list(case.result)


class Junit(FormatTestCase):
    def test_lint_failures_name_the_id_message_and_fix(self):
        result = self.lint("junit", BROKEN_POLICY, "--domain", "example.com", "--mx", "mail.example.com")
        self.assertExit(result, 1)
        suites = list(parse(result))
        self.assertEqual([s.name for s in suites], ["example.com"])
        cases = {case.name: case for case in suites[0]}
        self.assertEqual(sorted(cases), ["MTA-STS record", "MX hosts", "Policy", "TLS-RPT record"])
        failure = results(cases["Policy"])
        self.assertEqual(len(failure), 1)
        self.assertIsInstance(failure[0], Failure)
        self.assertTrue(failure[0].type.startswith("policy."))
        self.assertIn(failure[0].type + ": ", failure[0].message)
        self.assertIn("Fix: ", failure[0].text)
        self.assertIn("policy.mode-invalid", failure[0].text)
        self.assertIsInstance(results(cases["MTA-STS record"])[0], Skipped)
        self.assertEqual(results(cases["MX hosts"]), [])
        self.assertEqual(suites[0].failures, 1)

    def test_below_fail_on_findings_stay_visible_in_system_out(self):
        policy = b"version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 3600\r\n"
        strict = self.lint("junit", policy, "--domain", "example.com", "--strict")
        self.assertExit(strict, 1)
        policy_case = [c for c in list(parse(strict))[0] if c.name == "Policy"][0]
        self.assertEqual(results(policy_case)[0].type, "policy.max-age-short")
        relaxed = self.lint("junit", policy, "--domain", "example.com")
        self.assertExit(relaxed, 0)
        policy_case = [c for c in list(parse(relaxed))[0] if c.name == "Policy"][0]
        self.assertEqual(results(policy_case), [])
        self.assertIn("policy.max-age-short", policy_case.system_out)
        self.assertIn("Fix: ", policy_case.system_out)

    def test_hostile_policy_bytes_stay_well_formed(self):
        result = self.lint("junit", HOSTILE_POLICY, "--domain", "example.com", "--strict")
        self.assertExit(result, 1)
        xml = parse(result)
        text = "".join(r.text or "" for s in xml for c in s for r in results(c)) + \
            "".join(c.system_out or "" for s in xml for c in s)
        self.assertIn("policy.", text)
        self.assertNotIn("\x1b", text)

    def test_many_domains_are_one_document(self):
        result = self.offline("junit", "a.example", "b.example", "c.example")
        self.assertExit(result, 3)
        self.assertEqual(result.stdout.count(b"<testsuites"), 1)
        suites = list(parse(result))
        self.assertEqual([s.name for s in suites], ["a.example", "b.example", "c.example"])
        for suite in suites:
            self.assertEqual(suite.tests, 4)
            self.assertTrue(any(isinstance(r, Error) for c in suite for r in results(c)), suite.name)


if __name__ == "__main__":
    unittest.main()
