"""Item 8: an unreadable subfolder of a Maildir, read as a user that cannot enter it, is exit
status 2 naming the folder and the reason; not "0 reports", exit 0. Runs the binary as nobody."""
import json
import os

from hostile import HostileTestCase, main, need_nobody, run_as_nobody

REPORT = json.dumps({
    "organization-name": "Sender", "report-id": "maildir-1", "contact-info": "x@example.com",
    "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
    "policies": [{"policy": {"policy-type": "sts", "policy-domain": "example.com"},
                  "summary": {"total-successful-session-count": 3, "total-failure-session-count": 0}}]})


class UnreadableMaildir(HostileTestCase):
    def test_unreadable_subfolder_is_exit_2(self):
        need_nobody(self)
        for sub in ("cur", "new", "tmp"):
            os.makedirs(self.path("Maildir", sub))
        self.write("Maildir/cur/1.host:2,S", REPORT)
        locked = self.path("Maildir", "new")
        self.write("Maildir/new/2.host", REPORT.replace("maildir-1", "maildir-2"))
        os.chmod(self.path("Maildir"), 0o755)
        os.chmod(self.path("Maildir", "cur"), 0o755)
        os.chmod(self.path("Maildir", "cur", "1.host:2,S"), 0o644)
        os.chmod(locked, 0o700)  # root's: nobody cannot list it
        result = run_as_nobody("report", "--format", "json", self.path("Maildir"))
        self.assertExit(result, 2)
        self.assertIn(f"{locked}: cannot read folder: Permission denied".encode(), result.stderr)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["reports"], 1, "what could be read is still summed")

    def test_unreadable_file_names_the_reason(self):
        need_nobody(self)
        os.makedirs(self.path("box", "cur"))
        os.chmod(self.path("box"), 0o755)
        os.chmod(self.path("box", "cur"), 0o755)
        path = self.write("box/cur/1.host", REPORT)
        os.chmod(path, 0o600)
        result = run_as_nobody("report", self.path("box"))
        self.assertExit(result, 2)
        self.assertIn(b"cannot open: Permission denied", result.stderr)


if __name__ == "__main__":
    main()
