"""Runs the real mta-sts-check for the format consumer tests: lint on policy files the test
writes, and the live check offline (the resolver is a closed port on loopback, so every lookup
fails at once and each domain ends incomplete, without any traffic leaving the machine)."""
import os
import subprocess
import tempfile
import unittest

BINARY = os.environ.get("MTASTS_BINARY", "build/mta-sts-check")
SOURCE_DIR = os.environ.get("MTASTS_SOURCE_DIR", ".")

OFFLINE = ["--resolver", "127.0.0.1:9", "--timeout", "1", "--no-smtp"]

BROKEN_POLICY = (b"version: STSv1\r\nmode: enforced\r\nmx: mail.example.com\r\n"
                 b" max_age: 86400\r\nmx: 192.0.2.1\r\nmax_age: 60\r\n")

# Wire-like bytes that each format must escape: markup, percent signs, workflow commands,
# characters XML 1.0 forbids, a terminal escape and invalid UTF-8.
HOSTILE_POLICY = (b"version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"
                  b"x<&>\"'%25%0A::error::own: 100% <b>\x01\x1b[31m\xff\xfe ]]>\n"
                  b"mx: a,b:c%\n")


class Result:
    def __init__(self, completed):
        self.status = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def text(self):
        return self.stdout.decode("utf-8")


def run(*args, timeout=60):
    """Runs the binary with `args`; never hangs longer than `timeout` seconds."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    return Result(subprocess.run([BINARY, *args], capture_output=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL))


class FormatTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="mtasts-formats-")
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def lint(self, fmt, policy, *args, name="policy.txt"):
        return run("lint", "--format", fmt, "--policy", self.write(name, policy), *args)

    def offline(self, fmt, *domains):
        return run("--format", fmt, *OFFLINE, *domains)

    def assertExit(self, result, status):
        self.assertEqual(result.status, status,
                         f"exit {result.status}, expected {status}\nstdout: {result.stdout[:3000]!r}\n"
                         f"stderr: {result.stderr[:2000]!r}")
