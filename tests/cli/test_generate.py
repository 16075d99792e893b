"""`mta-sts-check generate` offline (MX hosts given): the files it writes, its JSON, its usage
errors, and the round trip: `lint --strict` on everything generate writes finds nothing to warn
about (man page, generate)."""
import os
import re
import shlex
import stat
import subprocess
import tempfile
import unittest

from harness import CliTestCase, run

ZONE_TXT = re.compile(r'^(\S+)\.\s+\d+\s+IN\s+TXT\s+(.*)$')
FILES = ["mta-sts.txt", "zone.txt", "nginx.conf", "apache.conf", "Caddyfile"]


def zone_txt(zone):
    """{owner: text} of the TXT lines of a zone file, the quoted strings joined (RFC 8461 §3.1)."""
    records = {}
    for line in zone.splitlines():
        match = ZONE_TXT.match(line)
        if match:
            records[match.group(1)] = "".join(shlex.split(match.group(2)))
    return records


class RoundTrip(CliTestCase):
    CASES = [
        ("testing", ["--mx", "mx1.example.com", "--mx", "mx2.example.com"], ["mx1.example.com", "mx2.example.com"]),
        ("enforce", ["--mode", "enforce", "--mx", "mx.example.net", "--rua", "mailto:tls@example.net",
                     "--rua", "https://reports.example.org/tlsrpt"], ["mx.example.net"]),
        ("wildcard", ["--mode", "enforce", "--max-age", "1209600", "--wildcard", "--mx", "a.mail.example.com",
                      "--mx", "b.mail.example.com", "--mx", "backup.example.org"],
         ["a.mail.example.com", "b.mail.example.com", "backup.example.org"]),
    ]

    def generate_into(self, folder, args):
        result = run("generate", "example.com", "--out", folder, *args)
        self.assertExit(result, 0)
        for name in FILES:
            self.assertIn(os.path.join(folder, name), result.stdout.decode())
        files = {}
        for name in FILES:
            with open(os.path.join(folder, name), "rb") as file:
                files[name] = file.read()
        return files

    def test_lint_finds_nothing_to_warn_about(self):
        for name, args, hosts in self.CASES:
            with self.subTest(name), tempfile.TemporaryDirectory() as folder:
                files = self.generate_into(folder, args)
                policy = files["mta-sts.txt"]
                self.assertTrue(policy.startswith(b"version: STSv1\r\n"), policy)
                self.assertNotIn(b"\n", policy.replace(b"\r\n", b""), "every line ends in CRLF")
                records = zone_txt(files["zone.txt"].decode())
                sts, tlsrpt = records["_mta-sts.example.com"], records["_smtp._tls.example.com"]
                self.assertRegex(sts, r"^v=STSv1; id=\d{8}T\d{6}$")
                mx_args = [arg for host in hosts for arg in ("--mx", host)]
                result = run("lint", "--strict", "--format", "json", "--domain", "example.com",
                             "--policy", os.path.join(folder, "mta-sts.txt"), "--sts-record", sts,
                             "--tlsrpt-record", tlsrpt, *mx_args)
                self.assertExit(result, 0)
                severities = {f["id"]: f["severity"] for f in result.json()["findings"]}
                self.assertEqual({i: s for i, s in severities.items() if s != "info"}, {}, severities)

    def test_wildcard_folds_hosts_sharing_a_parent(self):
        result = run("generate", "example.com", "--format", "json", *self.CASES[2][1])
        self.assertExit(result, 0)
        self.assertEqual(result.json()["mx"], ["*.mail.example.com", "backup.example.org"])


class Json(CliTestCase):
    def test_every_artefact_and_the_id(self):
        result = run("generate", "Example.COM.", "--mx", "mx.example.com", "--format", "json")
        self.assertExit(result, 0)
        out = result.json()
        for key in ("domain", "id", "mode", "max_age", "mx", "mx_hosts", "mx_source", "rua", "records", "artefacts",
                    "written", "certificate", "next_steps", "change"):
            self.assertIn(key, out)
        self.assertEqual(out["domain"], "example.com")
        self.assertEqual((out["mode"], out["max_age"], out["mx_source"]), ("testing", 86400, "given"))
        self.assertEqual(out["rua"], ["mailto:tlsrpt@example.com"])
        self.assertEqual(out["records"]["sts"], "v=STSv1; id=" + out["id"])
        self.assertEqual(sorted(out["artefacts"]), ["apache", "caddy", "nginx", "policy", "zone"])
        self.assertEqual(out["artefacts"]["policy"]["file"], "mta-sts.txt")
        self.assertIsNone(out["change"])
        self.assertEqual(out["written"], [])


# Ways to make a folder read-only for root too, in a private mount namespace (util-linux unshare;
# the mounts end with the namespace): a read-only bind mount of the folder over itself, or where
# bind mounts are refused, an empty read-only tmpfs over it.
READ_ONLY_MOUNTS = ['mount --bind "$1" "$1" && mount -o remount,ro,bind "$1"', 'mount -t tmpfs -o ro tmpfs "$1"']


def read_only_wrapper(folder):
    """A command prefix that runs a program with `folder` read-only, or None when this host
    allows none of READ_ONLY_MOUNTS (no CAP_SYS_ADMIN, no unshare)."""
    for mount in READ_ONLY_MOUNTS:
        wrapper = ["unshare", "--mount", "--propagation", "private", "sh", "-c", mount + ' && shift && exec "$@"',
                   "sh", folder]
        try:
            probe = subprocess.run([*wrapper, "sh", "-c", 'touch "$1"/probe', "sh", folder], capture_output=True,
                                   timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if probe.returncode != 0 and b"Read-only file system" in probe.stderr:
            return wrapper
    return None


class Errors(CliTestCase):
    def expect_usage_error(self, args, words, wrapper=()):
        result = run("generate", *args, wrapper=wrapper)
        self.assertExit(result, 2)
        self.assertIn(words, result.stderr.decode())
        self.assertEqual(result.stdout, b"")

    def test_bad_input_is_a_usage_error(self):
        self.expect_usage_error(["exa..mple.com", "--mx", "mx.example.com"], "malformed domain")
        self.expect_usage_error(["example.com", "--mx", "mx..example.com"], "bad --mx")
        self.expect_usage_error(["example.com", "--mx", "*.example.com"], "--wildcard")
        self.expect_usage_error(["example.com", "--mx", "mx.example.com", "--rua", "tlsrpt@example.com"], "bad --rua")
        self.expect_usage_error(["example.com", "--mx", "mx.example.com", "--mode", "enforce", "--max-age", "86400"],
                                "below 604800")
        self.expect_usage_error(["example.com", "--mx", "mx.example.com", "--mode", "none"], "--mode")
        self.expect_usage_error(["example.com", "--mx", "mx.example.com", "--state", "s.json"], "--from-live")

    def test_unwritable_out_is_found_before_anything_else(self):
        with tempfile.TemporaryDirectory() as folder:
            args = ["example.com", "--mx", "mx.example.com", "--out", folder]
            if os.geteuid() != 0:
                os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
                try:
                    self.expect_usage_error(args, "cannot write there: Permission denied")
                finally:
                    os.chmod(folder, stat.S_IRWXU)
                return
            # Root writes whatever the mode: the folder is made read-only by a mount instead.
            wrapper = read_only_wrapper(folder)
            if wrapper is None:
                self.skipTest("root, and no private mount namespace to make a folder read-only (unshare -m)")
            self.expect_usage_error(args, "cannot write there: Read-only file system", wrapper=wrapper)
            self.assertEqual(os.listdir(folder), [])

    def test_out_that_is_a_file(self):
        with tempfile.NamedTemporaryFile() as file:
            self.expect_usage_error(["example.com", "--mx", "mx.example.com", "--out", file.name], "not a folder")

    def test_failed_live_lookup_exits_3(self):
        # Nothing listens on 127.0.0.1:9: the MX lookup fails, which is not the domain's fault.
        result = run("generate", "example.com", "--resolver", "127.0.0.1:9", "--timeout", "0.3", timeout=60)
        self.assertExit(result, 3)
        self.assertIn("--mx", result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
