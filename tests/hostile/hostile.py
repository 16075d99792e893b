"""Shared helpers of the hostile-input tests: run the real binary (as root or as nobody), make
scratch directories, and the offline options under which every lookup fails at once."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from harness import BINARY, SOURCE_DIR, CliTestCase, Result, run  # noqa: E402,F401

# Nothing listens on the discard port of loopback: every lookup fails at once, so a run that gets
# past its inputs ends incomplete (exit 3) without reaching out anywhere.
OFFLINE = ["--resolver", "127.0.0.1:9", "--timeout", "1", "--no-smtp"]

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def run_as_nobody(*args, timeout=60, preexec_fn=None):
    """Runs the binary as nobody, so that file permissions apply (root ignores them)."""
    prefix = NOBODY if os.geteuid() == 0 else []
    completed = subprocess.run([*prefix, os.path.abspath(BINARY), *args], capture_output=True, timeout=timeout,
                               preexec_fn=preexec_fn)
    return Result(completed)


def need_nobody(test):
    """Skips `test` when it cannot drop to nobody while running as root."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        test.skipTest("running as root without setpriv")


class HostileTestCase(CliTestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="mtasts-hostile-")
        os.chmod(self.dir, 0o777)

    def tearDown(self):
        for root, dirs, _files in os.walk(self.dir):
            for name in dirs:
                try:
                    os.chmod(os.path.join(root, name), 0o700)
                except OSError:
                    pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def write(self, name, data, mode="w"):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as f:
            f.write(data)
        return path

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def assertNoTerminalControls(self, data):
        """No ESC, BEL, other C0/C1 controls (but newline and tab) and no bidi overrides."""
        for byte in data:
            if byte < 0x20 and byte not in (0x0A, 0x09):
                self.fail(f"control byte 0x{byte:02x} reached the terminal: {data[:400]!r}")
        text = data.decode("utf-8", errors="replace")
        for bad in ("\u202e", "\u202a", "\u2066", "\u0085", "\u009b"):
            self.assertNotIn(bad, text)


def main():
    unittest.main()


class HostileWorld:
    """hostile_world.py on 127.0.0.1 with a test PKI (tests/net/make_pki.py), stopped by its PID."""

    def __init__(self, directory, zone):
        here = os.path.dirname(os.path.abspath(__file__))
        self.pki = os.path.join(directory, "pki")
        subprocess.run([sys.executable, os.path.join(here, "..", "net", "make_pki.py"), self.pki],
                       check=True, capture_output=True, timeout=60)
        self.process = subprocess.Popen([sys.executable, os.path.join(here, "hostile_world.py"), "127.0.0.1",
                                         self.pki, json.dumps(zone)], stdout=subprocess.PIPE, text=True)
        ready = self.process.stdout.readline().split()
        if not ready or ready[0] != "READY":
            self.stop()
            raise RuntimeError("hostile_world.py did not start")
        self.dns_port, self.https_port = int(ready[1]), int(ready[2])

    def options(self):
        """Options that point the live check at this world and nowhere else."""
        return ["--resolver", f"127.0.0.1:{self.dns_port}", "--https-port", str(self.https_port),
                "--ca-file", os.path.join(self.pki, "ca.pem"), "--timeout", "5"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def policy_zone(domain, mx_host="mx.example.test"):
    """The records of a domain whose policy host is the world's HTTPS server."""
    return {
        f"_mta-sts.{domain}": [["TXT", "v=STSv1; id=20260101"]],
        f"_smtp._tls.{domain}": [["TXT", "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"]],
        domain: [["MX", f"10 {mx_host}"]],
        f"mta-sts.{domain}": [["A", "127.0.0.1"]],
        mx_host: [["A", "127.0.0.1"]],
    }
