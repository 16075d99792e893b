"""--format openmetrics checked by `promtool check metrics` (Debian's prometheus package), the
linter Prometheus ships for the files node_exporter's textfile collector reads: one exposition
for the whole run, each family declared once, "# EOF" last."""
import os
import shutil
import subprocess
import unittest

from harness import BINARY, BROKEN_POLICY, HOSTILE_POLICY, OFFLINE, SOURCE_DIR, FormatTestCase

PROMTOOL = shutil.which("promtool")


def promtool(exposition):
    """promtool's exit status and what it said about `exposition`."""
    if PROMTOOL is None:
        raise AssertionError("promtool not found (Debian package prometheus; scripts/install-deps.sh)")
    checked = subprocess.run([PROMTOOL, "check", "metrics"], input=exposition, capture_output=True, timeout=60)
    return checked.returncode, (checked.stdout + checked.stderr).decode()


class PromtoolTestCase(FormatTestCase):
    def assertExposition(self, exposition):
        status, said = promtool(exposition)
        self.assertEqual((status, said), (0, ""))
        self.assertTrue(exposition.endswith(b"\n# EOF\n"))
        self.assertEqual(exposition.count(b"# EOF"), 1)
        return exposition.decode()


class OpenMetrics(PromtoolTestCase):
    def promtool(self, result):
        return self.assertExposition(result.stdout)

    def test_promtool_rejects_what_it_should(self):
        self.assertNotEqual(promtool(b'# HELP m_days x\n# TYPE m_days gauge\nm_days{a="\xff"} 1\n# EOF\n')[0], 0)

    def test_lint_policy_metrics(self):
        policy = b"version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\nmax_age: 604800\r\n"
        result = self.lint("openmetrics", policy, "--domain", "example.com")
        self.assertExit(result, 0)
        text = self.promtool(result)
        self.assertIn('\nmta_sts_policy_mode{domain="example.com",mode="testing"} 1\n', text)
        self.assertIn('\nmta_sts_policy_max_age_seconds{domain="example.com"} 604800\n', text)
        self.assertIn('\nmta_sts_verdict{domain="example.com",verdict="pass"} 1\n', text)

    def test_broken_and_hostile_policies(self):
        for policy in (BROKEN_POLICY, HOSTILE_POLICY):
            result = self.lint("openmetrics", policy, "--domain", "example.com")
            self.assertExit(result, 1)
            text = self.promtool(result)
            self.assertIn('\nmta_sts_verdict{domain="example.com",verdict="fail"} 1\n', text)

    def test_many_domains_are_one_exposition(self):
        result = self.offline("openmetrics", "a.example", "b.example", "c.example")
        self.assertExit(result, 3)
        text = self.promtool(result)
        self.assertEqual(text.count("# TYPE mta_sts_verdict gauge"), 1)
        for domain in ("a.example", "b.example", "c.example"):
            self.assertIn(f'\nmta_sts_verdict{{domain="{domain}",verdict="incomplete"}} 1\n', text)
            self.assertIn(f'\nmta_sts_check_duration_seconds{{domain="{domain}"}} ', text)


class TextfileExample(PromtoolTestCase):
    """docs/examples/mta-sts-metrics.sh, which the example systemd service runs."""

    SCRIPT = os.path.join(SOURCE_DIR, "docs", "examples", "mta-sts-metrics.sh")

    def run_script(self, directory, *options):
        domains = self.write("domains.txt", b"# checked hourly\na.example\nb.example\n")
        env = dict(os.environ, MTA_STS_CHECK=BINARY)
        return subprocess.run(["sh", self.SCRIPT, domains, directory, *options], env=env, capture_output=True,
                              timeout=120, stdin=subprocess.DEVNULL)

    def test_writes_the_textfile_atomically_and_keeps_it_on_usage_errors(self):
        directory = os.path.join(self.tmp.name, "textfile")
        os.mkdir(directory)
        done = self.run_script(directory, *OFFLINE)
        self.assertEqual(done.returncode, 3, done.stderr)
        self.assertEqual(os.listdir(directory), ["mta-sts.prom"])
        with open(os.path.join(directory, "mta-sts.prom"), "rb") as f:
            written = f.read()
        self.assertIn(b'mta_sts_verdict{domain="b.example",verdict="incomplete"} 1', written)
        self.assertExposition(written)
        failed = self.run_script(directory, "--no-such-option")
        self.assertEqual(failed.returncode, 2)
        self.assertEqual(os.listdir(directory), ["mta-sts.prom"])
        with open(os.path.join(directory, "mta-sts.prom"), "rb") as f:
            self.assertEqual(f.read(), written)

    def test_the_service_runs_the_script(self):
        with open(os.path.join(SOURCE_DIR, "docs", "examples", "mta-sts-check-metrics.service")) as f:
            service = f.read()
        self.assertIn("ExecStart=/usr/local/lib/mta-sts-check/mta-sts-metrics.sh ", service)
        self.assertIn("SuccessExitStatus=1 3", service)


if __name__ == "__main__":
    unittest.main()
