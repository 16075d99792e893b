"""The deployment lifecycle of one domain, end to end, the real binary at every step (README,
"Deploying MTA-STS step by step"; man page: generate, promote):

    generate -> serve -> check -> reports -> promote -> enforce -> MX change -> generate --from-live

on lifecycle.test, a domain of this test's own: its records are published in the running lab
DNS as the steps go (Lab.publish: nsd reloads its zone), and its policy host is the lab nginx
with the configuration generate wrote (Lab.serve_generated), whose policy file the steps
rewrite on disk. Each step asserts the exit status and the key facts of the output; every
command, its output and every change published are written to a transcript, printed at the end
and kept as lifecycle-transcript.txt next to the binary (the build dir)."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from lab import generated, https_client, runner, shared, topology
from lab.scenarios import GOOD_MX_HOSTS
from lab.tlsrpt_reports import days_back, report, write

DOMAIN = "lifecycle.test"
HOST = f"mta-sts.{DOMAIN}"
MX1, MX2 = GOOD_MX_HOSTS  # the lab's Postfix: certificates for both names
REPORT_DAYS = 3
# The catalog id of an MX host the policy does not cover (include/mtasts/model/catalog_table.hpp).
NOT_COVERED = "mx.not-covered"


def setUpModule():
    shared.lab()


class Transcript:
    """What a person deploying MTA-STS would see: each command with its exit status and output,
    and what was published in between."""

    def __init__(self, lab, folder):
        self.m_lab_args = lab.binary_args()
        self.m_folder = folder
        self.m_lines = [f"# lifecycle of {DOMAIN}: every command below also gets $LAB, the options that point",
                        f"# it at the lab: {' '.join(self.m_lab_args)}",
                        f"# (run in {folder})"]

    def step(self, title):
        self.m_lines += ["", f"## {title}"]

    def note(self, text):
        self.m_lines += [f"# {line}" if line else "#" for line in text.splitlines()]

    def run(self, *args):
        """Run mta-sts-check args $LAB in the folder; (exit status, stdout)."""
        argv = [runner.binary(), *args, *self.m_lab_args]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=180, cwd=self.m_folder)
        self.m_lines += [f"$ mta-sts-check {' '.join(args)} $LAB", *done.stdout.rstrip("\n").splitlines()]
        if done.stderr.strip():
            self.m_lines += ["[stderr]", *done.stderr.rstrip("\n").splitlines()]
        self.m_lines.append(f"[exit {done.returncode}]")
        return done.returncode, done.stdout

    def text(self):
        return "\n".join(self.m_lines) + "\n"

    def save(self):
        """Write the transcript next to the binary (the build dir); return its path."""
        path = os.path.join(os.path.dirname(os.path.abspath(runner.binary())), "lifecycle-transcript.txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write(self.text())
        return path


class Lifecycle(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.lab = shared.lab()
        self.dir = tempfile.mkdtemp(prefix="mtasts-lab-lifecycle-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.transcript = Transcript(self.lab, self.dir)
        self.addCleanup(self.report_transcript)
        self.out = os.path.join(self.dir, "generated")
        self.mx = [MX1]
        self.records = []  # the MTA-STS and TLS-RPT records of zone.txt now published

    def report_transcript(self):
        path = self.transcript.save()
        print(f"\n{self.transcript.text()}\n(transcript written to {path})")

    def publish(self):
        """Publish the domain as it stands: its MX hosts, the policy host on the lab nginx and the
        TXT records of the last zone.txt."""
        lines = [f"{DOMAIN}. MX {10 * (n + 1)} {host}." for n, host in enumerate(self.mx)]
        lines += self.records + [f"{HOST}. A {topology.NGINX}"]
        self.lab.publish(DOMAIN, lines)
        self.transcript.note("published in the lab DNS (nsd reloaded):\n" + "\n".join(lines))

    def serve_policy(self, body):
        """Put body where the lab nginx serves the policy of HOST from (the generated web root)."""
        with open(generated.policy_path(self.out), "wb") as policy:
            policy.write(body.encode())
        self.transcript.note(f"served as https://{HOST}/.well-known/mta-sts.txt:\n" + body.replace("\r\n", "\n"))

    def check(self, expected_exit, verdict, mode):
        """The live check of the domain: its exit status, the verdict of its header line (man page,
        OUTPUT) and the mode of the policy it fetched."""
        code, out = self.transcript.run(DOMAIN)
        self.assertEqual(code, expected_exit, self.transcript.text())
        self.assertRegex(out, rf"(?m)^{re.escape(DOMAIN)}  {verdict}\b")
        self.assertRegex(out, rf"(?m)^  mode +{mode}$")
        return out

    def test_generate_serve_check_promote_enforce_mx_change_regenerate(self):
        first_id = self.generate_and_serve()
        self.check_testing()
        enforce_id = self.promote_and_enforce(first_id)
        self.change_mx()
        self.regenerate(enforce_id)

    def generate_and_serve(self):
        """Steps a and b: generate the testing policy, serve it with the generated nginx
        configuration, publish the generated records."""
        self.transcript.step("a. generate: a testing policy for the lab MX host")
        code, out = self.transcript.run("generate", DOMAIN, "--mx", MX1, "--out", "generated")
        self.assertEqual(code, 0, self.transcript.text())
        summary = re.search(rf"^MTA-STS for {re.escape(DOMAIN)}: mode testing, max_age 86400, id (\w+)$", out, re.M)
        self.assertIsNotNone(summary, out)
        for name in ("mta-sts.txt", "zone.txt", "nginx.conf", "apache.conf", "Caddyfile"):
            self.assertIn(f"generated/{name}", out)
        with open(os.path.join(self.out, "mta-sts.txt"), encoding="utf-8", newline="") as policy:
            self.assertEqual(policy.read(), f"version: STSv1\r\nmode: testing\r\nmx: {MX1}\r\nmax_age: 86400\r\n")
        self.records, conf = generated.written(self.out)
        self.assertEqual(len(self.records), 2, self.records)
        self.assertIn(f'"v=STSv1; id={summary.group(1)}"', self.records[0])
        self.assertIn(f'"v=TLSRPTv1; rua=mailto:tlsrpt@{DOMAIN}"', self.records[1])

        self.transcript.step("b. serve the policy with generated/nginx.conf, publish generated/zone.txt")
        self.lab.serve_generated(HOST, conf, self.out)
        self.transcript.note("the lab nginx runs generated/nginx.conf (listen address, certificate and web root adapted)")
        status, headers, body = https_client.get(topology.NGINX, self.lab.ports["https"], HOST,
                                                 "/.well-known/mta-sts.txt", self.lab.ca.cert_path)
        self.assertEqual((status, headers.get("content-type"), body.decode()),
                         (200, "text/plain", f"version: STSv1\r\nmode: testing\r\nmx: {MX1}\r\nmax_age: 86400\r\n"))
        self.publish()
        return summary.group(1)

    def check_testing(self):
        """Step c: the live check passes with the policy in mode testing."""
        self.transcript.step("c. check: the domain passes in mode testing")
        self.check(0, "PASS", "testing")

    def promote_and_enforce(self, first_id):
        """Steps d to f: reports of a few days with successful sessions, promote says ready and
        proposes the enforce policy and a new id, which are published; the check passes."""
        self.transcript.step(f"d. TLS-RPT reports: {REPORT_DAYS + 2} days of successful sessions to {MX1}")
        reports = os.path.join(self.dir, "reports")
        os.makedirs(reports)
        for day in days_back(REPORT_DAYS + 1):
            name = time.strftime("google-%Y-%m-%d", time.gmtime(day))
            path = write(reports, name, report(DOMAIN, day, "Google Inc.", successful=40))
            self.transcript.note(f"reports/{os.path.basename(path)}: 40 successful sessions, no failure")

        self.transcript.step("e. promote: ready to enforce?")
        code, out = self.transcript.run("promote", DOMAIN, "--reports", "reports", "--days", str(REPORT_DAYS))
        self.assertEqual(code, 0, self.transcript.text())
        self.assertIn(f"{DOMAIN}: ready to enforce", out)
        policy = re.search(r"^  1\. the policy file .*:\n((?:       .*\n)+)", out, re.M)
        record = re.search(rf'^  2\. then the TXT record _mta-sts\.{re.escape(DOMAIN)}:\n       "v=STSv1; id=(\w+)"$', out, re.M)
        self.assertIsNotNone(policy, out)
        self.assertIsNotNone(record, out)
        lines = [line.strip() for line in policy.group(1).splitlines()]
        self.assertEqual(lines, ["version: STSv1", "mode: enforce", f"mx: {MX1}", "max_age: 604800"])
        enforce_id = record.group(1)
        self.assertNotEqual(enforce_id, first_id)

        self.transcript.step("f. publish the enforce policy, then its id; check: the domain passes in mode enforce")
        self.serve_policy("".join(line + "\r\n" for line in lines))
        self.records[0] = f'_mta-sts.{DOMAIN}. 3600 IN TXT "v=STSv1; id={enforce_id}"'
        self.publish()
        out = self.check(0, "PASS", "enforce")
        self.assertIn(enforce_id, out)
        return enforce_id

    def change_mx(self):
        """Step g: a second MX host that the policy does not name: the check fails for it."""
        self.transcript.step(f"g. MX change: {MX2} added to the MX records, the policy still names {MX1} only")
        self.mx = [MX1, MX2]
        self.publish()
        out = self.check(1, "FAIL", "enforce")
        self.assertIn(NOT_COVERED, out)
        self.assertIn(MX2, out)

    def regenerate(self, enforce_id):
        """Step h: generate --from-live proposes the policy for both MX hosts under a new id, with
        the diff; once published, the check passes again."""
        self.transcript.step("h. generate --from-live: the change of the served policy")
        code, out = self.transcript.run("generate", "--from-live", DOMAIN, "--out", "regenerated")
        self.assertEqual(code, 0, self.transcript.text())
        self.assertIn(f"+mx: {MX2}", out)
        new_id = re.search(rf"^New id: (\w+) \(served: {enforce_id}\)$", out, re.M)
        self.assertIsNotNone(new_id, out)
        self.assertNotEqual(new_id.group(1), enforce_id)
        regenerated = os.path.join(self.dir, "regenerated")
        with open(os.path.join(regenerated, "mta-sts.txt"), encoding="utf-8", newline="") as policy:
            body = policy.read()
        self.assertEqual(body, f"version: STSv1\r\nmode: enforce\r\nmx: {MX1}\r\nmx: {MX2}\r\nmax_age: 604800\r\n")

        self.transcript.step("h. (continued) publish regenerated/mta-sts.txt, then regenerated/zone.txt; check: passes again")
        self.serve_policy(body)
        self.records = generated.written(regenerated)[0]
        self.assertIn(f"id={new_id.group(1)}", self.records[0])
        self.publish()
        out = self.check(0, "PASS", "enforce")
        self.assertNotIn(NOT_COVERED, out)
        self.assertIn(new_id.group(1), out)


if __name__ == "__main__":
    unittest.main()
