"""Runs the real mta-sts-check binary for the CLI tests and reads its JSON."""
import json
import os
import subprocess
import unittest

BINARY = os.environ.get("MTASTS_BINARY", "build/mta-sts-check")
SOURCE_DIR = os.environ.get("MTASTS_SOURCE_DIR", ".")
POLICIES = os.path.join(SOURCE_DIR, "tests", "data", "policies")


class Result:
    def __init__(self, completed):
        self.status = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def json(self):
        return json.loads(self.stdout)

    def ids(self):
        return [f["id"] for f in self.json()["findings"]]


def run(*args, stdin=None, env=None, timeout=30, wrapper=()):
    """Runs the binary with `args`; never hangs longer than `timeout` seconds. wrapper: a command
    that runs the binary, e.g. unshare with its options."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    completed = subprocess.run([*wrapper, BINARY, *args], input=stdin, capture_output=True, timeout=timeout, env=full_env)
    return Result(completed)


class CliTestCase(unittest.TestCase):
    def assertExit(self, result, status):
        self.assertEqual(result.status, status,
                         f"exit {result.status}, expected {status}\nstdout: {result.stdout[:2000]!r}\nstderr: {result.stderr[:2000]!r}")
