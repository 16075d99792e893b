"""Big runs (man page: --shard, -o, --resume): a list split over GNU parallel gives the lines of
one run and no domain twice; a run killed with SIGKILL and resumed, also per shard, gives the
lines and the exit status of one uninterrupted run, the torn last line cut away; the files and
values these options refuse; the examples of docs/examples/ do what their comments say.

The domains live in tests/hostile/hostile_world.py (DNS and HTTPS on 127.0.0.1) and are checked
with --no-smtp: no traffic leaves loopback. Every answer about _mta-sts.D waits a little
(DELAY), so that a run with --jobs 1 takes long enough to be killed halfway."""
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import yaml

from harness import BINARY, SOURCE_DIR, CliTestCase, run

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "hostile"))
from hostile import HostileWorld, policy_zone  # noqa: E402

EXAMPLES = os.path.join(SOURCE_DIR, "docs", "examples")
# pass: a policy record and host (its fetch findings are --ignored below), and a TLS-RPT address
# that takes mail; warn: the same with a TLS-RPT address whose domain has no MX; fail: nothing
# published (sts.record.missing, mx.none); incomplete: the resolver fails the _mta-sts lookup.
FAILING = [f"gone-{i}.scan.test" for i in range(2)]
PASSING = [f"pass-{i}.scan.test" for i in range(16)]
WARNING = [f"warn-{i}.scan.test" for i in range(16)]
INCOMPLETE = ["slow.scan.test"]
# Failing domains first: a run killed after them must still end with exit status 1 when resumed.
DOMAINS = FAILING + [d for pair in zip(PASSING, WARNING) for d in pair] + INCOMPLETE
CHECK_OPTIONS = ["--no-smtp", "--ignore", "policy.cert-name-mismatch", "--ignore", "policy.http-status"]


def scan_zone():
    zone = {"example.test": [["MX", "10 mx.example.test"]]}
    for domain in PASSING + WARNING + INCOMPLETE:
        zone.update(policy_zone(domain))
    for domain in WARNING:
        zone[f"_smtp._tls.{domain}"] = [["TXT", "v=TLSRPTv1; rua=mailto:tlsrpt@nomx.test"]]
    for domain in DOMAINS:
        zone.setdefault(f"_mta-sts.{domain}", []).append(["DELAY", "0.1"])
    for domain in INCOMPLETE:
        zone[f"_mta-sts.{domain}"].append(["RCODE", "2"])  # SERVFAIL
    return zone


# What depends on the moment of the check: how long it took, and the days a certificate of the
# test PKI (made at the start) has left, which ticks over while the tests run.
TIMING_KEYS = ("elapsed_ms", "days_left")


def without_timing(value):
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def comparable(jsonl):
    """{domain: object without timing} of JSONL, and the list of domains in it (duplicates kept)."""
    objects = [without_timing(json.loads(line)) for line in jsonl.splitlines() if line.strip()]
    return {obj["domain"]: obj for obj in objects}, [obj["domain"] for obj in objects]


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Scan(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="mtasts-cli-scan-")
        cls.world = HostileWorld(cls.root, scan_zone())
        cls.list = os.path.join(cls.root, "domains.txt")
        with open(cls.list, "w") as f:
            f.write("\n".join(DOMAINS) + "\n")
        cls.options = cls.world.options() + CHECK_OPTIONS
        whole = run(*cls.options, "--jobs", "8", "--format", "jsonl", "-i", cls.list, timeout=120)
        cls.whole_status = whole.status
        cls.whole, order = comparable(whole.stdout)
        assert sorted(order) == sorted(DOMAINS), order

    @classmethod
    def tearDownClass(cls):
        cls.world.stop()
        shutil.rmtree(cls.root, ignore_errors=True)

    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=self.root)

    def assertSameAsWholeRun(self, jsonl, status=None):
        got, order = comparable(jsonl)
        self.assertEqual(len(order), len(set(order)), "a domain appears twice")
        self.assertEqual(sorted(got), sorted(self.whole))
        for domain in DOMAINS:
            self.assertEqual(got[domain], self.whole[domain], domain)
        if status is not None:
            self.assertExit(status, self.whole_status)

    def test_the_world_gives_every_verdict(self):
        verdicts = {domain: obj["verdict"] for domain, obj in self.whole.items()}
        self.assertEqual({verdicts[d] for d in FAILING}, {"fail"})
        self.assertEqual({verdicts[d] for d in PASSING}, {"pass"})
        self.assertEqual({verdicts[d] for d in WARNING}, {"warn"})
        self.assertEqual({verdicts[d] for d in INCOMPLETE}, {"incomplete"})
        self.assertEqual(self.whole_status, 1)

    def need_parallel(self):
        if shutil.which("parallel") is None:
            self.skipTest("GNU parallel is not installed (scripts/install-deps.sh)")

    def test_two_shards_through_gnu_parallel_are_one_run(self):
        self.need_parallel()
        completed = subprocess.run(
            ["parallel", "--will-cite", "-q", "-j2", os.path.abspath(BINARY), *self.options, "--jobs", "8",
             "--format", "jsonl", "--shard", "{}/2", "-i", self.list, ":::", "1", "2"],
            capture_output=True, timeout=120)
        self.assertIn(completed.returncode, (0, 1, 2), "parallel's status: how many shards did not exit 0")
        self.assertSameAsWholeRun(completed.stdout)
        for k in (1, 2):
            shard = run(*self.options, "--format", "jsonl", "--shard", f"{k}/2", "-i", self.list, timeout=120)
            self.assertGreater(len(shard.stdout.splitlines()), 5, "a shard holds about half the list")

    def run_killed(self, *args, lines):
        """Starts the binary with `args` and SIGKILLs it once -o FILE holds `lines` lines."""
        output = args[args.index("-o") + 1]
        process = subprocess.Popen([BINARY, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline and process.poll() is None:
                if os.path.exists(output) and read(output).count(b"\n") >= lines:
                    break
                time.sleep(0.02)
            self.assertIsNone(process.poll(), "the run ended before it could be killed")
        finally:
            process.kill()
            process.wait(timeout=10)
        return read(output)

    def test_a_killed_run_resumed_is_one_run(self):
        output = os.path.join(self.dir, "results.jsonl")
        args = [*self.options, "--jobs", "1", "-i", self.list, "-o", output]
        before = self.run_killed(*args, lines=6)
        self.assertLess(before.count(b"\n"), len(DOMAINS) - 5)
        # A kill between two writes leaves whole lines; one during a write leaves a torn line.
        torn = b'{"domain":"pass-15.scan.test","verdict":"pa'
        with open(output, "ab") as f:
            f.write(torn)
        resumed = run(*args, "--resume", timeout=120)
        self.assertIn(b"cut away the torn last line (%d bytes)" % len(torn), resumed.stderr)
        after = read(output)
        whole_lines = before[:before.rindex(b"\n") + 1]
        self.assertTrue(after.startswith(whole_lines), "the lines of the killed run are kept as they were")
        self.assertSameAsWholeRun(after, resumed)
        self.assertIn(b"%d domains:" % len(DOMAINS), resumed.stdout, "the tally counts every domain in the file")

        again = run(*args, "--resume", timeout=60)
        self.assertExit(again, self.whole_status)
        self.assertEqual(read(output), after, "nothing is left to check or append")
        self.assertIn(b"checking 0 of the %d domains" % len(DOMAINS), again.stderr)

    def test_resume_per_shard(self):
        files = [os.path.join(self.dir, f"shard-{k}.jsonl") for k in (1, 2)]
        self.run_killed(*self.options, "--jobs", "1", "-i", self.list, "--shard", "1/2", "-o", files[0], lines=3)
        statuses = []
        for k, output in ((1, files[0]), (2, files[1])):
            result = run(*self.options, "--jobs", "4", "-i", self.list, "--shard", f"{k}/2", "-o", output, "--resume",
                         timeout=120)
            statuses.append(result.status)
            self.assertEqual(result.stdout.count(b"\n"), 1, "stdout holds the tally line only")
        self.assertSameAsWholeRun(read(files[0]) + read(files[1]))
        combined = 1 if 1 in statuses else 3 if 3 in statuses else 0
        self.assertEqual(combined, self.whole_status)

    def test_without_resume_the_file_is_emptied_first(self):
        output = os.path.join(self.dir, "results.jsonl")
        with open(output, "w") as f:
            f.write("old content\n")
        result = run(*self.options, "-o", output, "gone-0.scan.test", "pass-0.scan.test")
        self.assertExit(result, 1)
        self.assertEqual(result.stdout, b"2 domains: 1 pass, 1 fail\n")
        got, order = comparable(read(output))
        self.assertEqual(sorted(order), ["gone-0.scan.test", "pass-0.scan.test"])
        self.assertEqual(got["pass-0.scan.test"], self.whole["pass-0.scan.test"])

    def test_resume_with_a_missing_file_starts_it(self):
        output = os.path.join(self.dir, "new.jsonl")
        result = run(*self.options, "-o", output, "--resume", "pass-1.scan.test")
        self.assertExit(result, 0)
        self.assertEqual(comparable(read(output))[1], ["pass-1.scan.test"])

    def test_exit_status_counts_the_domains_of_earlier_runs(self):
        output = os.path.join(self.dir, "results.jsonl")
        self.assertExit(run(*self.options, "-o", output, "gone-1.scan.test"), 1)
        result = run(*self.options, "-o", output, "--resume", "gone-1.scan.test", "warn-1.scan.test")
        self.assertExit(result, 1)
        self.assertEqual(result.stdout, b"2 domains: 1 warn, 1 fail\n")
        self.assertExit(run(*self.options, "-o", output, "--resume", "--fail-on", "never", "warn-1.scan.test"), 0)

    def test_resume_refuses_a_file_that_is_not_results(self):
        for content in (b"example.com\n", b'{"domain": "a.example", "verdict": "pass", "findings": []}\n[1, 2]\n',
                        b'{"verdict": "pass", "findings": []}\n'):
            with self.subTest(content=content):
                output = os.path.join(self.dir, "not-results.txt")
                with open(output, "wb") as f:
                    f.write(content)
                result = run(*self.options, "-o", output, "--resume", "pass-2.scan.test")
                self.assertExit(result, 2)
                self.assertIn(b"not a result line of -o", result.stderr)
                line = content.count(b"\n")
                self.assertIn(f"{output}:{line}:".encode(), result.stderr)
                self.assertEqual(read(output), content, "the file is left as it was")

    def test_refused_files(self):
        output = os.path.join(self.dir, "results.jsonl")
        with open(output, "w") as f:
            f.write("")
        with open(output) as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            result = run(*self.options, "-o", output, "pass-3.scan.test")
            self.assertExit(result, 2)
            self.assertIn(b"in use by another run", result.stderr)
        result = run(*self.options, "-o", self.list, "-i", self.list)
        self.assertExit(result, 2)
        self.assertIn(b"is the domain list of -i", result.stderr)
        self.assertEqual(read(self.list).decode().split(), DOMAINS)
        result = run(*self.options, "-o", self.dir, "--resume", "pass-3.scan.test")
        self.assertExit(result, 2)
        self.assertIn(b"cannot open it", result.stderr)
        for args, message in ((["-o", output, "--format", "json"], b"-o writes JSONL"),
                              (["--resume"], b"--resume requires --output"),
                              (["-o", ""], b"-o needs a file name")):
            with self.subTest(args=args):
                result = run(*args, "pass-3.scan.test")
                self.assertExit(result, 2)
                self.assertIn(message, result.stderr)

    def test_a_failed_write_stops_the_run_with_exit_status_2(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        result = run(*self.options, "--jobs", "1", "-o", "/dev/full", *PASSING)
        self.assertExit(result, 2)
        self.assertIn(b"-o /dev/full: cannot write: No space left on device", result.stderr)
        self.assertNotIn(b"%d domains" % len(PASSING), result.stdout, "no further domain is started")

    def test_bad_shards(self):
        for value, message in (("0/2", b"K must be from 1 to N (2)"), ("3/2", b"K must be from 1 to N (2)"),
                               ("x/y", b"whole numbers"), ("1/0", b"N must be from 1 to 10000"),
                               ("1/10001", b"N must be from 1 to 10000"), ("2", b"expected K/N")):
            with self.subTest(value=value):
                result = run("--shard", value, "a.example")
                self.assertExit(result, 2)
                self.assertIn(message, result.stderr)
        result = run("--shard", "1/2", "lint", "--mx", "mx.example")
        self.assertExit(result, 2)
        self.assertIn(b"live check only", result.stderr)

    def test_an_empty_shard_checks_nothing(self):
        # gone-0.scan.test is in shard 1 of 2 (FNV-1a 64 of the name, mod 2, plus 1).
        result = run(*self.options, "--shard", "2/2", "--format", "json", "gone-0.scan.test")
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), [])
        self.assertIn(b"shard 2/2 holds none of the 1 domain", result.stderr)
        self.assertEqual(len(run(*self.options, "--shard", "1/2", "--format", "jsonl", "gone-0.scan.test").stdout.splitlines()), 1)

    # docs/examples/scan-*.sh and scan-job.yaml, run as their comments say, the binary first on PATH.

    def shell(self, script, *args, cwd=None, env=None):
        bindir = os.path.dirname(os.path.abspath(BINARY))
        full_env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], **(env or {}))
        return subprocess.run(["bash", script, *args], cwd=cwd or self.dir, env=full_env, capture_output=True,
                              timeout=180)

    def test_scan_parallel_sh(self):
        self.need_parallel()
        script = os.path.join(EXAMPLES, "scan-parallel.sh")
        completed = self.shell(script, self.list, "out", "3", *self.options, "--jobs", "8")
        self.assertEqual(completed.returncode, self.whole_status, completed.stderr)
        merged = b"".join(read(os.path.join(self.dir, "out", f"shard-{k}.jsonl")) for k in (1, 2, 3))
        self.assertSameAsWholeRun(merged)
        again = self.shell(script, self.list, "out", "3", *self.options)
        self.assertEqual(again.returncode, self.whole_status, "resumed: nothing left, same status")
        self.assertEqual(b"".join(read(os.path.join(self.dir, "out", f"shard-{k}.jsonl")) for k in (1, 2, 3)), merged)

    def test_scan_ssh_sh_on_this_machine(self):
        # ':' is this machine for GNU parallel (the list is then neither copied nor removed).
        self.need_parallel()
        shutil.copy(self.list, os.path.join(self.dir, "domains.txt"))
        completed = self.shell(os.path.join(EXAMPLES, "scan-ssh.sh"), ":", "domains.txt", "2", *self.options, "--jobs", "8")
        self.assertEqual(completed.returncode, 0, completed.stderr)
        merged = b"".join(read(os.path.join(self.dir, f"shard-{k}.jsonl")) for k in (1, 2))
        self.assertSameAsWholeRun(merged)

    def test_scan_job_yaml_passes_each_pod_its_shard(self):
        with open(os.path.join(EXAMPLES, "scan-job.yaml")) as f:
            job = yaml.safe_load(f)
        spec = job["spec"]
        self.assertEqual(spec["completionMode"], "Indexed")
        ways = spec["completions"]
        self.assertEqual(spec["parallelism"], ways)
        container = spec["template"]["spec"]["containers"][0]
        # A stand-in mta-sts-check that records its arguments and exits with $STUB_STATUS.
        stub = os.path.join(self.dir, "bin")
        os.makedirs(stub)
        with open(os.path.join(stub, "mta-sts-check"), "w") as f:
            f.write('#!/bin/sh\necho "$@" >> "$STUB_LOG"\nexit "$STUB_STATUS"\n')
        os.chmod(os.path.join(stub, "mta-sts-check"), 0o755)
        log = os.path.join(self.dir, "log")
        for index in range(ways):
            for status, expected in ((0, 0), (1, 0), (3, 0), (2, 2)):
                env = dict(os.environ, PATH=stub + os.pathsep + os.environ["PATH"], JOB_COMPLETION_INDEX=str(index),
                           STUB_LOG=log, STUB_STATUS=str(status))
                completed = subprocess.run([*container["command"], *container["args"]], env=env, timeout=30)
                self.assertEqual(completed.returncode, expected, (index, status))
        with open(log) as f:
            calls = [line.split() for line in f]
        shards = sorted({call[call.index("--shard") + 1] for call in calls})
        self.assertEqual(shards, [f"{k}/{ways}" for k in range(1, ways + 1)])
        for call in calls:
            k = call[call.index("--shard") + 1].split("/")[0]
            self.assertEqual(call[call.index("-o") + 1], f"/results/shard-{k}.jsonl")
            self.assertIn("--resume", call)


if __name__ == "__main__":
    unittest.main()
