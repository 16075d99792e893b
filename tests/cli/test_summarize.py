"""`summarize` on the JSONL fixtures of tests/data/summarize (see its README for the hand
counts): JSON counts, duplicates across files, standard input, invalid and overlong lines,
unreadable inputs, an empty file, the exit status, -o, and the text output of a real scan of the
bench lab against its golden file (MTASTS_UPDATE_GOLDEN=1 rewrites it)."""
import json
import os
import tempfile
import unittest

from harness import SOURCE_DIR, CliTestCase, run

DATA = os.path.join(SOURCE_DIR, "tests", "data", "summarize")
GOLDEN = os.path.join(SOURCE_DIR, "tests", "golden", "summarize", "lab-scan.txt")
HAND, RESUMED, BAD, EMPTY, LAB = (os.path.join(DATA, name) for name in
                                  ("hand.jsonl", "resumed.jsonl", "bad.jsonl", "empty.jsonl", "lab-scan.jsonl"))
PUBLIC_SUFFIXES = "/usr/share/publicsuffix/public_suffix_list.dat"


def summarize_json(*args, stdin=None):
    result = run("summarize", "--format", "json", *args, stdin=stdin)
    return result, json.loads(result.stdout)


class Counts(CliTestCase):
    def test_hand_counts(self):
        result, doc = summarize_json(HAND)
        self.assertExit(result, 0)
        self.assertEqual(result.stderr, b"")
        self.assertEqual(doc["schema_version"], 1)
        self.assertEqual(doc["domains"], 8)
        self.assertEqual(doc["verdicts"], {"pass": 3, "warn": 1, "fail": 2, "incomplete": 2})
        self.assertEqual(doc["modes"], {"enforce": 4, "testing": 1, "none": 1, "no_policy": 2})
        self.assertEqual(doc["headline"]["publishing"], 6)
        self.assertEqual(doc["headline"]["misconfigured"], {"domains": 3, "of": 6, "share": 0.5})
        self.assertEqual(doc["headline"]["losing_mail"]["domains"], 1)
        self.assertEqual(doc["findings"][0], {"id": "mx.probe-inconclusive", "domains": 2})
        self.assertEqual(doc["providers"][0], {"provider": "(no MX host)", "domains": 2, "pass": 1, "warn": 0,
                                               "fail": 1, "incomplete": 0})
        providers = {row["provider"] for row in doc["providers"]}
        self.assertTrue({"google.com", "outlook.com", "backup-provider.net"} <= providers)

    @unittest.skipUnless(os.path.exists(PUBLIC_SUFFIXES), "Debian's publicsuffix is not installed")
    def test_public_suffix_list_names_providers(self):
        _, doc = summarize_json(HAND)
        self.assertIn("example.co.uk", {row["provider"] for row in doc["providers"]})

    def test_duplicates_across_files_last_line_wins(self):
        result, doc = summarize_json(HAND, RESUMED)
        self.assertExit(result, 0)
        self.assertEqual((doc["domains"], doc["duplicates"]), (9, 1))
        self.assertEqual(doc["verdicts"]["fail"], 1)  # gamma.example passes in resumed.jsonl
        self.assertEqual(doc["headline"]["losing_mail"]["domains"], 0)
        text = run("summarize", HAND, RESUMED)
        self.assertIn(b"1 duplicate line dropped", text.stdout)

    def test_stdin(self):
        with open(HAND, "rb") as f:
            lines = f.read()
        result, doc = summarize_json("-", stdin=lines)
        self.assertExit(result, 0)
        self.assertEqual(doc["domains"], 8)
        self.assertEqual(doc["inputs"][0]["path"], "-")

    def test_empty_file(self):
        result, doc = summarize_json(EMPTY)
        self.assertExit(result, 0)
        self.assertEqual(doc["domains"], 0)
        self.assertIsNone(doc["headline"]["misconfigured"]["share"])
        self.assertIn(b"0 domains", run("summarize", EMPTY).stdout)


class InvalidInput(CliTestCase):
    def test_bad_lines_are_named_and_fail_the_run(self):
        result, doc = summarize_json(BAD)
        self.assertExit(result, 2)
        errors = result.stderr.decode().splitlines()
        self.assertEqual(len(errors), 6, errors)
        self.assertIn("--format jsonl", errors[-1])
        for number, why in ((2, "not JSON"), (3, "not a JSON object"), (4, "schema_version 2 is not supported"),
                            (6, "no verdict"), (7, "findings is not an array")):
            self.assertTrue(any(f"bad.jsonl:{number}: {why}" in line for line in errors), (number, errors))
        # The summary of the valid lines is still written.
        self.assertEqual((doc["domains"], doc["invalid_lines"]), (2, 5))
        self.assertEqual(doc["inputs"][0]["lines"], 7)

    def test_skip_invalid(self):
        result, doc = summarize_json("--skip-invalid", BAD)
        self.assertExit(result, 0)
        self.assertIn(b"(skipped)", result.stderr)
        self.assertEqual(doc["domains"], 2)

    def test_overlong_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "long.jsonl")
            with open(HAND, "rb") as f:
                first = f.readline()
            with open(path, "wb") as out:
                out.write(b'{"x":"' + b"x" * (16 * 1024 * 1024) + b'"}\n' + first)
            result, doc = summarize_json(path)
        self.assertExit(result, 2)
        self.assertIn(b"long.jsonl:1: line longer than 16 MiB", result.stderr)
        self.assertEqual((doc["domains"], doc["invalid_lines"]), (1, 1))

    def test_many_invalid_lines_are_counted_not_all_named(self):
        result, doc = summarize_json("-", stdin=b"x\n" * 500)
        self.assertExit(result, 2)
        errors = result.stderr.decode().splitlines()
        self.assertEqual(len(errors), 22)
        self.assertIn("-: 480 more invalid lines", errors[-2])
        self.assertEqual(doc["invalid_lines"], 500)

    def test_missing_file_and_folder(self):
        result, doc = summarize_json("/nonexistent/scan.jsonl", HAND)
        self.assertExit(result, 2)
        self.assertIn(b"/nonexistent/scan.jsonl: cannot open: No such file or directory", result.stderr)
        self.assertEqual(doc["domains"], 8)
        self.assertIsNotNone(doc["inputs"][0]["error"])
        result = run("summarize", "--skip-invalid", DATA)
        self.assertExit(result, 2)
        self.assertIn(b"is a folder", result.stderr)

    @unittest.skipIf(os.geteuid() == 0, "root reads files whatever their mode")
    def test_unreadable_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "scan.jsonl")
            with open(path, "w", encoding="utf-8") as out:
                out.write("{}\n")
            os.chmod(path, 0)
            result = run("summarize", path)
        self.assertExit(result, 2)
        self.assertIn(b"Permission denied", result.stderr)

    def test_terminal_escapes_in_names_are_escaped(self):
        line = json.dumps({"schema_version": 1, "domain": "evil\u001b[2J.example", "verdict": "pass",
                           "mx": [{"host": "mx.\u001b]0;title\u0007evil.example"}]})
        result = run("summarize", "-", stdin=(line + "\n\u001b[31m\n").encode())
        self.assertExit(result, 2)
        self.assertNotIn(b"\x1b", result.stdout)
        self.assertNotIn(b"\x1b", result.stderr)


class Usage(CliTestCase):
    def test_usage_errors(self):
        for args in ((), ("--format", "sarif", HAND), ("--color", "red", HAND)):
            with self.subTest(args=args):
                self.assertExit(run("summarize", *args), 2)
        result = run("--state", "s.json", "summarize", HAND)
        self.assertExit(result, 2)
        self.assertIn(b"summarize", result.stderr)

    def test_output_file_unwritable(self):
        result = run("summarize", "-o", "/nonexistent/dir/summary.txt", HAND)
        self.assertExit(result, 2)
        self.assertIn(b"cannot write", result.stderr)

    def test_output_file_html(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "scan.html")
            result = run("summarize", "--format", "html", "-o", path, LAB)
            self.assertExit(result, 0)
            self.assertEqual(result.stdout, b"")
            with open(path, encoding="utf-8") as f:
                html = f.read()
        self.assertIn('<b id="total-domains" class="">30</b>', html)
        self.assertIn('<b id="losing-mail" class="bad">24.1%</b>', html)  # 7 of 29
        self.assertNotIn("<script", html)


class Golden(CliTestCase):
    def test_text_of_a_real_scan(self):
        result = run("summarize", LAB, env={"NO_COLOR": "1"})
        self.assertExit(result, 0)
        if os.environ.get("MTASTS_UPDATE_GOLDEN") == "1":
            with open(GOLDEN, "wb") as out:
                out.write(result.stdout)
        with open(GOLDEN, "rb") as f:
            self.assertEqual(result.stdout.decode(), f.read().decode(), "golden file " + GOLDEN)
        with open(GOLDEN, "rb") as f:
            golden = f.read().decode()
        # Numbers counted by hand (tests/data/summarize/README.md).
        self.assertIn("domains that publish a TXT record at _mta-sts: 29 of 30", golden)
        self.assertIn("7 of 29   24.1%", golden)
        self.assertIn("14 of 29   48.3%", golden)


if __name__ == "__main__":
    unittest.main()
