"""Item 18: a policy server whose response header never ends (one endless line, or endless
lines) is reported as "response header too long", not as curl's "Out of memory". Against a
server on loopback started (and stopped by PID) here."""
import json

from hostile import HostileTestCase, HostileWorld, main, policy_zone, run


class EndlessHeader(HostileTestCase):
    def test_endless_header(self):
        zone = {**policy_zone("ok.test"), **policy_zone("exact.test")}
        world = HostileWorld(self.dir, zone)
        try:
            for domain in ("ok.test", "exact.test"):
                with self.subTest(domain=domain):
                    result = run(domain, "--no-smtp", "--format", "json", *world.options(), timeout=60)
                    self.assertExit(result, 1)
                    findings = json.loads(result.stdout)["findings"]
                    fetch = [f for f in findings if f["id"] == "policy.fetch-failed"]
                    self.assertEqual(len(fetch), 1, findings)
                    self.assertIn("response header too long", fetch[0]["message"])
                    self.assertNotIn("Out of memory", fetch[0]["message"])
        finally:
            world.stop()


if __name__ == "__main__":
    main()
