"""Item 20: mx.probe-inconclusive names the port actually probed (--smtp-port), and an input
file that cannot be opened says why (strerror), not just "cannot open"."""
import json
import os
import socket

from hostile import HostileTestCase, HostileWorld, main, need_nobody, policy_zone, run, run_as_nobody


def closed_port():
    """A loopback TCP port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MessagesNamePortAndReason(HostileTestCase):
    def test_probe_inconclusive_names_the_smtp_port(self):
        port = closed_port()
        zone = policy_zone("exact.test")
        world = HostileWorld(self.dir, zone)
        try:
            result = run("exact.test", "--smtp-port", str(port), "--single-probe", "--format", "json",
                         *world.options(), timeout=60)
        finally:
            world.stop()
        findings = json.loads(result.stdout)["findings"]
        probe = [f for f in findings if f["id"] == "mx.probe-inconclusive"]
        self.assertEqual(len(probe), 1, findings)
        self.assertIn(f"on port {port} from here", probe[0]["message"])
        self.assertNotIn("port 25 ", probe[0]["message"])

    def test_unopenable_report_names_the_reason(self):
        need_nobody(self)
        path = self.write("secret.json", "{}")
        os.chmod(path, 0o600)
        result = run_as_nobody("report", path)
        self.assertExit(result, 2)
        self.assertIn(b"cannot open: Permission denied", result.stderr)

    def test_unopenable_domain_list_and_policy_name_the_reason(self):
        missing = self.path("missing.txt")
        result = run("-i", missing)
        self.assertExit(result, 2)
        self.assertIn(b"No such file or directory", result.stderr)
        result = run("lint", "--policy", missing)
        self.assertExit(result, 2)
        self.assertIn(b"No such file or directory", result.stderr)


if __name__ == "__main__":
    main()
