#!/usr/bin/env python3
"""The HTML summary in a real headless browser (Debian's `chromium`): the page loads offline with
no console message and no blocked fetch, and the rendered DOM shows the hand-counted totals. A
screenshot is kept in MTASTS_ARTIFACT_DIR/report-summary.png for a person to look at.
Exit 77 (skipped) when chromium is not installed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY = os.environ.get("MTASTS_BINARY", "mta-sts-check")
REAL = os.path.join(os.environ.get("MTASTS_SOURCE_DIR", "."), "tests", "data", "tlsrpt", "real")
ARTIFACTS = os.environ.get("MTASTS_ARTIFACT_DIR", tempfile.gettempdir())
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(profile, *args):
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=120)


class HtmlInBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.page = os.path.join(cls.tmp.name, "summary.html")
        result = subprocess.run([BINARY, "report", "--format", "html", "-o", cls.page, REAL], capture_output=True)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_dom_shows_totals(self):
        with tempfile.TemporaryDirectory() as profile:
            result = chromium(profile, "--dump-dom", "file://" + self.page)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        dom = result.stdout.decode()
        # Hand count (tests/unit/test_report_aggregate.cpp): 16 reports, 5488 successful, 311 failed.
        self.assertRegex(dom, r'id="total-reports"[^>]*>16<')
        self.assertRegex(dom, r'id="total-successful"[^>]*>5488<')
        self.assertRegex(dom, r'id="total-failed"[^>]*>311<')
        for chart in ("chart-daily", "chart-result-types", "chart-mx"):
            self.assertIn(f'<svg id="{chart}"', dom)

    def test_no_console_errors_and_screenshot(self):
        shot = os.path.join(ARTIFACTS, "report-summary.png")
        if os.path.exists(shot):
            os.remove(shot)
        with tempfile.TemporaryDirectory() as profile:
            result = chromium(profile, "--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                              "--window-size=1280,2000", "file://" + self.page)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        log = result.stderr.decode(errors="replace")
        # Page console output and CSP violations are logged as CONSOLE lines; a fetch the CSP
        # blocked says "Refused to". The D-Bus noise of a container is not about the page.
        page_lines = [line for line in log.splitlines() if re.search(r"CONSOLE|Refused to|Uncaught|net::ERR_", line)]
        self.assertEqual(page_lines, [])
        self.assertTrue(os.path.exists(shot))
        with open(shot, "rb") as f:
            header = f.read(24)
        self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(header[16:20], "big")
        self.assertEqual(width, 1280)
        print(f"screenshot: {shot}", file=sys.stderr)


if __name__ == "__main__":
    if CHROMIUM is None:
        print("chromium not installed: skipped", file=sys.stderr)
        sys.exit(77)
    unittest.main()
