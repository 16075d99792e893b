"""Headless Debian `chromium` for the tests of the HTML pages (report, summarize): load a page
offline, dump its DOM, take a screenshot, and pick out what the browser logged about the page."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY = os.environ.get("MTASTS_BINARY", "mta-sts-check")
DATA = os.path.join(os.environ.get("MTASTS_SOURCE_DIR", "."), "tests", "data")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = os.environ.get("MTASTS_ARTIFACT_DIR", tempfile.gettempdir())
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(profile, *args):
    """Runs chromium with a profile folder of its own; the completed process."""
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=120)


def dump_dom(page):
    """The DOM of the page file after loading, as text; raises when chromium fails."""
    with tempfile.TemporaryDirectory() as profile:
        result = chromium(profile, "--dump-dom", "file://" + page)
    if result.returncode != 0:
        raise AssertionError(result.stderr[-2000:])
    return result.stdout.decode()


def screenshot(page, shot, width=1280, height=2000):
    """Takes a screenshot of the page file into `shot`; the lines chromium logged about the page
    itself (console output, blocked fetches, script errors), which a self-contained page has none of."""
    if os.path.exists(shot):
        os.remove(shot)
    with tempfile.TemporaryDirectory() as profile:
        result = chromium(profile, "--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                          f"--window-size={width},{height}", "file://" + page)
    if result.returncode != 0:
        raise AssertionError(result.stderr[-2000:])
    log = result.stderr.decode(errors="replace")
    # Page console output and CSP violations are logged as CONSOLE lines; a fetch the CSP
    # blocked says "Refused to". The D-Bus noise of a container is not about the page.
    return [line for line in log.splitlines() if re.search(r"CONSOLE|Refused to|Uncaught|net::ERR_", line)]


def png_size(path):
    """(width, height) of a PNG file; raises when it is not one."""
    with open(path, "rb") as f:
        header = f.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG file")
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


class PageTestCase(unittest.TestCase):
    """Writes the page once for the test class: the binary run with `ARGS` and `-o PAGE`."""
    ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.page = os.path.join(cls.tmp.name, "page.html")
        result = subprocess.run([BINARY, *cls.ARGS, "--format", "html", "-o", cls.page], capture_output=True)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_clean_screenshot(self, name, height=2000):
        """A screenshot of the page kept as ARTIFACTS/name, with nothing logged about the page."""
        shot = os.path.join(ARTIFACTS, name)
        self.assertEqual(screenshot(self.page, shot, height=height), [])
        self.assertEqual(png_size(shot), (1280, height))
        print(f"screenshot: {shot}", file=sys.stderr)


def main():
    """Runs the tests of the calling module; exit 77 (skipped) without chromium."""
    if CHROMIUM is None:
        print("chromium not installed: skipped", file=sys.stderr)
        sys.exit(77)
    unittest.main(module="__main__")
