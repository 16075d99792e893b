"""Item 2: no untrusted string reaches the terminal raw. ESC, BEL and U+202E in a report's
organization-name, policy-domain and result-type, and in a domain, an -i line or --mx echoed by
an error message, come out as visible escapes (\\x1b, \\u{202e}), through one escaping function."""
import json

from hostile import HostileTestCase, main, run

EVIL = "\x1b]0;owned\x07\x1b[2J\u202eevil"


def report(**overrides):
    doc = {
        "organization-name": EVIL,
        "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
        "contact-info": "x@example.com",
        "report-id": "evil-1",
        "policies": [{
            "policy": {"policy-type": "sts", "policy-domain": "a" + EVIL + ".example",
                       "policy-string": ["version: STSv1", EVIL]},
            "summary": {"total-successful-session-count": 1, "total-failure-session-count": 2},
            "failure-details": [{"result-type": EVIL, "failed-session-count": 2, "sending-mta-ip": "192.0.2.1",
                                 "receiving-mx-hostname": "mx" + EVIL + ".example", "receiving-ip": "192.0.2.2"}],
        }],
    }
    doc.update(overrides)
    return json.dumps(doc)


class TerminalEscapes(HostileTestCase):
    def test_report_members_are_escaped(self):
        path = self.write("evil.json", report())
        result = run("report", "--color", "always", path)
        self.assertExit(result, 0)
        # Our own colour codes aside, nothing may be a control byte.
        plain = result.stdout.replace(b"\x1b[0m", b"")
        for code in (b"1", b"31", b"32", b"33"):
            plain = plain.replace(b"\x1b[" + code + b"m", b"")
        self.assertNoTerminalControls(plain)
        self.assertIn(b"\\x1b]0;owned\\x07", result.stdout)
        self.assertIn(b"\\u{202e}evil", result.stdout)
        self.assertNoTerminalControls(result.stderr)

    def test_report_file_name_and_errors_are_escaped(self):
        path = self.write("bad" + "\x1b[31m" + ".json", "{not json")
        result = run("report", path)
        self.assertExit(result, 2)
        self.assertNoTerminalControls(result.stderr)
        self.assertNoTerminalControls(result.stdout)

    def test_cli_errors_echo_escaped(self):
        cases = [
            [EVIL + ".example"],
            ["-i", self.write("list.txt", "ok.example\n" + EVIL + ".example\n")],
            ["lint", "--mx", EVIL],
            ["--resolver", EVIL, "a.example"],
            ["--ignore", EVIL, "a.example"],
            ["--format", EVIL, "a.example"],
        ]
        for args in cases:
            with self.subTest(args=args):
                result = run(*args)
                self.assertExit(result, 2)
                self.assertNoTerminalControls(result.stderr)
                self.assertIn(b"\\x1b", result.stderr)


if __name__ == "__main__":
    main()
