"""`promote` against the lab: the real binary checks a lab domain whose policy is in mode testing
and reads TLS-RPT reports generated in a temporary folder (dated relative to now, as reporters
send them: one report per reporter and UTC day, RFC 8460 §4.1). One case is ready, the others
are not: failed sessions to one MX, silent days, and an MX that testing lets through but
enforce would refuse (man page, promote)."""
import gzip
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from lab import runner, shared
from lab.scenarios import by_name

DAY = 86400
READY_DOMAIN = by_name()["policy-testing"].domain         # testing, both good MX hosts
REFUSED_DOMAIN = by_name()["mx-testing-mode"].domain      # testing, its MX offers no STARTTLS


def setUpModule():
    shared.lab()


def report(domain, day, organization, successful=20, failures=()):
    """One daily aggregate report (RFC 8460 §4.4) as Google and Microsoft write them."""
    date = time.strftime("%Y-%m-%d", time.gmtime(day))
    details = [{"result-type": kind, "sending-mta-ip": "192.0.2.25", "receiving-mx-hostname": mx,
                "failed-session-count": count} for kind, mx, count in failures]
    return {
        "organization-name": organization,
        "date-range": {"start-datetime": f"{date}T00:00:00Z", "end-datetime": f"{date}T23:59:59Z"},
        "contact-info": "smtp-tls-reporting@sender.example",
        "report-id": f"{date}_{domain}_{organization}",
        "policies": [{
            "policy": {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: testing"],
                       "policy-domain": domain},
            "summary": {"total-successful-session-count": successful,
                        "total-failure-session-count": sum(count for _, _, count in failures)},
            "failure-details": details,
        }],
    }


class Promote(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-lab-promote-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        # Every day from 16 days ago to today: the 14-day window stays covered even when the
        # run crosses midnight UTC.
        today = int(time.time()) // DAY * DAY
        self.days = [today - n * DAY for n in range(16, -1, -1)]

    def write(self, name, document, compress=False):
        path = os.path.join(self.dir, name + (".json.gz" if compress else ".json"))
        data = json.dumps(document).encode()
        with open(path, "wb") as out:
            out.write(gzip.compress(data) if compress else data)

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
