"""Real senders against the lab (docs/LAB.md, "test_sender_models.py"): for every row of
`sender_differences` the checker prints for the sender-* scenarios, the real implementation must do
what the row's `implementation_outcome` says.

- postfix-mta-sts-resolver: Debian's mta-sts-daemon (lab/mta_sts_daemon.py) asked over its
  socketmap protocol, as Postfix asks it; what it parsed comes from its debug log. For a row about
  one MX host, Postfix's own TLS client (posttls-finger, "secure" level) connects to that host with
  the daemon's "match=" list and SNI = the MX host name, as Postfix's smtp does.
- mailauth: tests/lab/node/mailauth_policy.js runs getPolicy() and validateMx() from the npm
  package (installed by scripts/install-deps.sh with `npm ci`).

good.test is checked the same way: no difference reported, and both implementations hold the
policy the RFC reading holds.
"""
import ast
import json
import os
import subprocess
import tempfile
import time
import unittest

from lab import mta_sts_daemon, runner, shared, topology
from lab.scenarios import SENDER_SCENARIOS, by_name

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "node")
POSTFIX = "postfix-mta-sts-resolver"
MAILAUTH = "mailauth"
LAB = None
DAEMON = None
REPORTS = {}


def setUpModule():
    global LAB, DAEMON
    if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "mailauth")):
        raise RuntimeError(f"mailauth is not installed: run `npm ci` in {NODE_DIR} (scripts/install-deps.sh does)")
    LAB = shared.lab(standard_ports=True)
    DAEMON = mta_sts_daemon.start(LAB)
    scenarios = [by_name()["good"], *SENDER_SCENARIOS]
    run = runner.run(LAB, ["--format", "jsonl", *(s.domain for s in scenarios)])
    if run.parse_error or len(run.reports) != len(scenarios):
        raise RuntimeError("the checker's run failed:\n" + run.describe())
    REPORTS.update({report["domain"]: report for report in run.reports})


def number(value):
    """A max_age as the checker prints it (integral values without a fraction)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def describe(mode, max_age, mx):
    """A held policy in the words of the checker's outcomes (src/check/sender_policy.cpp)."""
    text = f"mode {mode}"
    if max_age is not None:
        text += f", max_age {number(max_age)}"
    if mx:
        text += ", mx " + " ".join(mx)
    return text


def daemon_log_entry(prefix, domain, seconds=10.0):
    """The dict the daemon logged after `prefix` for domain (its debug log is written by a
    background thread, so wait until the line is there)."""
    deadline = time.monotonic() + seconds
    while True:
        with open(DAEMON.log_path, encoding="utf-8", errors="replace") as log:
            for line in reversed(log.read().splitlines()):
                for shown in (repr(domain), domain):
                    marker = f"{prefix} {shown}: "
                    if marker in line:
                        return ast.literal_eval(line.split(marker, 1)[1])
        if time.monotonic() > deadline:
            return None
        time.sleep(0.2)


def postfix_view(domain):
    """What mta-sts-daemon answers Postfix, and the policy and record it parsed (None when it
    parsed none)."""
    answer = DAEMON.query(domain)
    policy = daemon_log_entry("Parsed policy for domain", domain)
    record = daemon_log_entry("Parsed STS record for domain", domain)
    return answer, policy, record


def match_list(answer):
    """The patterns of an "OK secure match=A:B servername=hostname" answer."""
    for field in answer.split():
        if field.startswith("match="):
            return field[len("match="):].split(":")
    return None


def posttls_finger_verifies(mx_host, ips, match):
    """Whether Postfix's TLS client at "secure" level, with SNI mx_host, verifies one of the MX
    host's addresses against the match list."""
    config = tempfile.mkdtemp(prefix="mtasts-posttls-")
    with open(os.path.join(config, "main.cf"), "w") as main_cf:
        main_cf.write("compatibility_level = 3.6\n")
    env = dict(os.environ, MAIL_CONFIG=config)
    try:
        for ip in ips:
            destination = f"[{ip}]:{LAB.ports['smtp']}"
            done = subprocess.run(["posttls-finger", "-c", "-l", "secure", "-F", LAB.ca.cert_path, "-s", mx_host,
                                   "-t", "10", "-T", "10", destination, *match],
                                  capture_output=True, text=True, env=env, timeout=60)
            if "Verified TLS connection established" in done.stdout + done.stderr:
                return True
        return False
    finally:
        subprocess.run(["rm", "-rf", config], check=False)


def mailauth_view(domain, mx_hosts):
    """getPolicy() and validateMx() of the real mailauth for domain, as JSON."""
    env = dict(os.environ, NODE_EXTRA_CA_CERTS=LAB.ca.cert_path)
    done = subprocess.run(["node", os.path.join(NODE_DIR, "mailauth_policy.js"), "--dns",
                           f"{topology.STD_DNS}:{topology.STD_DNS_PORT}", domain, *mx_hosts],
                          capture_output=True, text=True, env=env, timeout=120, cwd=NODE_DIR)
    if done.returncode != 0:
        raise AssertionError(f"mailauth_policy.js failed: {done.stderr}")
    return json.loads(done.stdout)


def addresses_of(report, mx_host):
    for host in report["mx"]:
        if host["host"] == mx_host:
            return [address["ip"] for address in host["addresses"]]
    return []


class RealSenders(unittest.TestCase):
    maxDiff = None

    def check_postfix_row(self, report, row):
        answer, policy, record = postfix_view(report["domain"])
        outcome = row["implementation_outcome"]
        context = f"{report['domain']}: {row}\ndaemon: {answer!r}\npolicy: {policy!r}\nrecord: {record!r}"
        if row["mx"] is not None:
            match = match_list(answer)
            self.assertIsNotNone(match, context)
            ips = addresses_of(report, row["mx"])
            # The tool tells names apart: a match list naming nothing on the certificate fails.
            self.assertFalse(posttls_finger_verifies(row["mx"], ips, ["nothing.invalid"]), context)
            verified = posttls_finger_verifies(row["mx"], ips, match)
            self.assertEqual("delivers" if verified else "refuses", outcome, context)
        elif outcome.startswith("id "):
            self.assertEqual(outcome, f"id {record['id']}", context)
        elif outcome.startswith("max_age "):
            self.assertEqual(outcome, f"max_age {number(int(policy['max_age']))}", context)
        elif outcome.startswith("no policy"):
            self.assertEqual(answer, "NOTFOUND ", context)
        else:
            self.assertIsNotNone(policy, context)
            self.assertEqual(outcome, describe(policy["mode"], int(policy["max_age"]), policy["mx"]), context)
            expected = "OK secure" if policy["mode"] == "enforce" else "NOTFOUND"
            self.assertTrue(answer.startswith(expected), context)
            if policy["mode"] == "enforce":
                self.assertEqual(sorted(match_list(answer)), sorted({mx.lstrip("*") for mx in policy["mx"]}), context)

    def check_mailauth_row(self, report, row):
        hosts = [host["host"] for host in report["mx"]]
        real = mailauth_view(report["domain"], hosts)
        outcome = row["implementation_outcome"]
        context = f"{report['domain']}: {row}\nmailauth: {real!r}"
        if row["mx"] is not None:
            self.assertEqual(real["mx_matches"][row["mx"]], outcome != "refuses", context)
        elif outcome.startswith("id "):
            self.assertEqual(outcome, f"id {real['id']}", context)
        elif outcome.startswith("max_age "):
            self.assertEqual(outcome, f"max_age {number(real['max_age'])}", context)
        elif outcome.startswith("no policy"):
            self.assertTrue(not real["found"] or real["mode"] == "none", context)
        else:
            self.assertTrue(real["found"], context)
            self.assertEqual(outcome, describe(real["mode"], real["max_age"], real["mx_patterns"]), context)

    def test_every_sender_scenario_reports_a_difference(self):
        for scenario in SENDER_SCENARIOS:
            with self.subTest(scenario=scenario.name):
                self.assertNotEqual(REPORTS[scenario.domain]["sender_differences"], [])

    def test_postfix_resolver_does_what_the_checker_says(self):
        for scenario in SENDER_SCENARIOS:
            for row in REPORTS[scenario.domain]["sender_differences"]:
                if row["implementation"] == POSTFIX:
                    with self.subTest(scenario=scenario.name, mx=row["mx"], outcome=row["implementation_outcome"]):
                        self.check_postfix_row(REPORTS[scenario.domain], row)

    def test_mailauth_does_what_the_checker_says(self):
        for scenario in SENDER_SCENARIOS:
            for row in REPORTS[scenario.domain]["sender_differences"]:
                if row["implementation"] == MAILAUTH:
                    with self.subTest(scenario=scenario.name, mx=row["mx"], outcome=row["implementation_outcome"]):
                        self.check_mailauth_row(REPORTS[scenario.domain], row)

    def test_good_domain_both_agree_with_the_rfc_reading(self):
        report = REPORTS["good.test"]
        self.assertEqual(report["sender_differences"], [])
        policy = report["mta_sts"]["policy"]
        answer, _, _ = postfix_view("good.test")
        self.assertEqual(sorted(match_list(answer) or []), sorted(policy["mx"]), answer)
        real = mailauth_view("good.test", [host["host"] for host in report["mx"]])
        self.assertEqual((real["found"], real["mode"], real["max_age"], real["mx_patterns"]),
                         (True, policy["mode"], policy["max_age"], policy["mx"]), real)
        self.assertTrue(all(real["mx_matches"].values()), real)


if __name__ == "__main__":
    unittest.main()
