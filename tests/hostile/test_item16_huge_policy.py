"""Item 16: a 12.9 MB policy gives policy.too-large with a size that is not the read cap
("more than 1 MiB" in lint; "larger than 65,536 bytes" live, where the transfer stops at 64 KiB)
and nothing after it: no mx-unused for each of its 42,000 lines. Live against a server on
loopback started (and stopped by PID) here."""
import json

from hostile import HostileTestCase, HostileWorld, main, policy_zone, run

LINE = "mx: unused-host-000000.example.net\r\n"


class HugePolicy(HostileTestCase):
    def assertOnlyTooLarge(self, doc):
        ids = [f["id"] for f in doc["findings"]]
        self.assertIn("policy.too-large", ids)
        for noise in ("policy.mx-unused", "policy.invalid", "policy.mx-invalid"):
            self.assertNotIn(noise, ids)
        self.assertLess(len(ids), 20)
        return [f for f in doc["findings"] if f["id"] == "policy.too-large"][0]["message"]

    def test_lint(self):
        body = "version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\n" + LINE * (12_900_000 // len(LINE))
        path = self.write("policy.txt", body)
        result = run("lint", "--policy", path, "--mx", "mx.example.com", "--format", "json")
        self.assertExit(result, 1)
        message = self.assertOnlyTooLarge(json.loads(result.stdout))
        self.assertIn("more than 1 MiB", message)
        self.assertNotIn("1048577", message)

    def test_live(self):
        world = HostileWorld(self.dir, policy_zone("huge.test"))
        try:
            result = run("huge.test", "--no-smtp", "--format", "json", *world.options(), timeout=60)
        finally:
            world.stop()
        self.assertExit(result, 1)
        message = self.assertOnlyTooLarge(json.loads(result.stdout))
        self.assertIn("larger than 65,536 bytes", message)
        self.assertNotIn("1048577", message)


if __name__ == "__main__":
    main()
