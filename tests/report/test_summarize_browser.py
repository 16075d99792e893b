#!/usr/bin/env python3
"""The HTML page of `summarize` in a real headless browser (Debian's `chromium`): it loads offline
with no console message and no blocked fetch, and the rendered DOM shows the hand-counted
numbers of the real bench-lab scan (tests/data/summarize/README.md) and its four charts. A
screenshot is kept in MTASTS_ARTIFACT_DIR/summarize.png for a person to look at.
Exit 77 (skipped) when chromium is not installed."""
import os

from browser import DATA, PageTestCase, dump_dom, main


class SummarizePageInBrowser(PageTestCase):
    ARGS = ("summarize", os.path.join(DATA, "summarize", "lab-scan.jsonl"))

    def test_dom_shows_the_hand_count(self):
        dom = dump_dom(self.page)
        self.assertRegex(dom, r'id="total-domains"[^>]*>30<')
        self.assertRegex(dom, r'id="publishing"[^>]*>29<')
        self.assertRegex(dom, r'id="misconfigured"[^>]*>48.3%<')  # 14 of 29
        self.assertRegex(dom, r'id="losing-mail"[^>]*>24.1%<')  # 7 of 29
        for chart in ("chart-verdicts", "chart-modes", "chart-providers", "chart-findings"):
            self.assertIn(f'<svg id="{chart}"', dom)
        self.assertIn("provider-a.test", dom)

    def test_no_console_errors_and_screenshot(self):
        self.assert_clean_screenshot("summarize.png", height=2400)


if __name__ == "__main__":
    main()
