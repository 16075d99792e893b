"""`promote` against the lab: the real binary checks a lab domain whose policy is in mode testing
and reads TLS-RPT reports generated in a temporary folder (dated relative to now, as reporters
send them: one report per reporter and UTC day, RFC 8460 §4.1). One case is ready, the others
are not: failed sessions to one MX, silent days, and an MX that testing lets through but
enforce would refuse (man page, promote)."""
import json
import shutil
import subprocess
import tempfile
import time
import unittest

from lab import runner, shared
from lab.scenarios import by_name
from lab.tlsrpt_reports import days_back, report, write

READY_DOMAIN = by_name()["policy-testing"].domain         # testing, both good MX hosts
REFUSED_DOMAIN = by_name()["mx-testing-mode"].domain      # testing, its MX offers no STARTTLS


def setUpModule():
    shared.lab()


class Promote(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-lab-promote-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        # Every day from 16 days ago to today: the 14-day window stays covered even when the
        # run crosses midnight UTC.
        self.days = days_back(16)

    def write(self, name, document, compress=False):
        write(self.dir, name, document, compress)

    def write_every_day(self, domain, skip=()):
        for index, day in enumerate(self.days):
            if day not in skip:
                self.write(f"google-{index:02d}", report(domain, day, "Google Inc."), compress=index % 2 == 0)

    def promote(self, domain):
        lab = shared.lab()
        argv = [runner.binary(), "promote", domain, *lab.binary_args(), "--reports", self.dir, "--format", "json"]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        describe = f"$ {' '.join(argv)}\nexit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"
        try:
            return done.returncode, json.loads(done.stdout), describe
        except json.JSONDecodeError:
            self.fail("output is not JSON\n" + describe)

    def test_ready(self):
        self.write_every_day(READY_DOMAIN)
        code, decision, describe = self.promote(READY_DOMAIN)
        self.assertEqual((code, decision["status"], decision["reasons"]), (0, "ready", []), describe)
        self.assertEqual([mx["deliverable_under_enforce"] for mx in decision["mx"]], [True, True], describe)
        self.assertEqual(len(decision["reports"]["days_reported"]), 14, describe)
        proposal = decision["proposal"]
        self.assertEqual(proposal["policy"],
                         "version: STSv1\r\nmode: enforce\r\nmx: mx1.good.test\r\nmx: mx2.good.test\r\nmax_age: 604800\r\n")
        self.assertRegex(proposal["id"], r"^[0-9]{8}T[0-9]{6}$")
        self.assertEqual(proposal["txt_record"], "v=STSv1; id=" + proposal["id"])
        self.assertIn("mta-sts.txt", proposal["steps"][0])
        self.assertIn(f"_mta-sts.{READY_DOMAIN}", proposal["steps"][1])

    def test_not_ready_failed_sessions_to_one_mx(self):
        self.write_every_day(READY_DOMAIN)
        failures = [("certificate-expired", "mx2.good.test", 7)]
        self.write("microsoft", report(READY_DOMAIN, self.days[-4], "Microsoft Corporation", 5, failures))
        code, decision, describe = self.promote(READY_DOMAIN)
        self.assertEqual((code, decision["status"]), (1, "not-ready"), describe)
        reasons = decision["reasons"]
        self.assertEqual([r["code"] for r in reasons], ["failed-sessions"], describe)
        self.assertEqual((reasons[0]["mx"], reasons[0]["result_type"], reasons[0]["sessions"], reasons[0]["organizations"]),
                         ("mx2.good.test", "certificate-expired", 7, ["Microsoft Corporation"]), describe)
        self.assertIsNone(decision["proposal"], describe)

    def test_not_ready_silent_days(self):
        silent = self.days[-6:-4]
        self.write_every_day(READY_DOMAIN, skip=silent)
        code, decision, describe = self.promote(READY_DOMAIN)
        self.assertEqual((code, decision["status"]), (1, "not-ready"), describe)
        self.assertEqual([r["code"] for r in decision["reasons"]], ["silent-days"], describe)
        self.assertEqual(decision["reasons"][0]["days"], [time.strftime("%Y-%m-%d", time.gmtime(d)) for d in silent], describe)

    def test_not_ready_mx_refused_under_enforce(self):
        self.write_every_day(REFUSED_DOMAIN)
        code, decision, describe = self.promote(REFUSED_DOMAIN)
        self.assertEqual((code, decision["status"]), (1, "not-ready"), describe)
        reasons = decision["reasons"]
        self.assertEqual([(r["code"], r["mx"]) for r in reasons], [("mx-not-deliverable", "mx.mx-testing-mode.test")], describe)
        self.assertIn("mx.starttls-missing", reasons[0]["message"], describe)


if __name__ == "__main__":
    unittest.main()
