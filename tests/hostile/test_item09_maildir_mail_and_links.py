"""Item 9: an ordinary e-mail in a Maildir is skipped with a warning, as the same message in an
mbox is (one rule for mailboxes); a named e-mail must still be a report. Links inside a folder
that point outside it are not followed."""
import json
import os

from hostile import HostileTestCase, main, run

MAIL = "From: friend@example.org\nTo: me@example.com\nSubject: lunch?\n\nSee you at noon.\n"
REPORT = json.dumps({
    "organization-name": "Sender", "report-id": "links-1", "contact-info": "x@example.com",
    "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
    "policies": [{"policy": {"policy-type": "sts", "policy-domain": "example.com"},
                  "summary": {"total-successful-session-count": 4, "total-failure-session-count": 0}}]})


class MaildirMailAndLinks(HostileTestCase):
    def test_ordinary_mail_in_maildir_is_a_note_like_in_mbox(self):
        self.write("Maildir/cur/1.host:2,S", MAIL)
        self.write("Maildir/new/2.host", REPORT)
        os.makedirs(self.path("Maildir", "tmp"))
        result = run("report", "--format", "json", self.path("Maildir"))
        self.assertExit(result, 0)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["reports"], 1)
        mail_entry = [f for f in doc["files"] if f["path"].endswith("1.host:2,S")][0]
        self.assertIsNone(mail_entry["error"])
        self.assertIn("no TLS-RPT report attached (skipped)", " ".join(mail_entry["warnings"]))

        mbox = self.write("box.mbox", "From sender Thu Jan  1 00:00:00 2026\n" + MAIL)
        doc = json.loads(run("report", "--format", "json", mbox).stdout)
        self.assertIsNone(doc["files"][0]["error"])
        self.assertIn("no TLS-RPT report attached (skipped)", " ".join(doc["files"][0]["warnings"]))

    def test_named_mail_must_be_a_report(self):
        result = run("report", self.write("one.eml", MAIL))
        self.assertExit(result, 2)

    def test_links_out_of_the_folder_are_not_followed(self):
        outside = self.write("outside/secret.json", REPORT)
        self.write("inbox/cur/own.json", REPORT.replace("links-1", "links-2"))
        os.symlink(outside, self.path("inbox", "cur", "link-out.json"))
        os.symlink("/dev/zero", self.path("inbox", "cur", "zero"))
        os.symlink(self.path("inbox", "cur", "own.json"), self.path("inbox", "cur", "link-in.json"))
        result = run("report", "--format", "json", self.path("inbox"))
        self.assertExit(result, 0)
        doc = json.loads(result.stdout)
        paths = [os.path.basename(f["path"]) for f in doc["files"]]
        self.assertNotIn("link-out.json", paths)
        self.assertNotIn("zero", paths)
        self.assertIn("link-in.json", paths, "a link to a file inside the folder is read")
        self.assertEqual(doc["totals"]["successful"], 4, "the outside report is not counted")


if __name__ == "__main__":
    main()
