#!/usr/bin/env python3
"""The HTML summary in a real headless browser (Debian's `chromium`): the page loads offline with
no console message and no blocked fetch, and the rendered DOM shows the hand-counted totals. A
screenshot is kept in MTASTS_ARTIFACT_DIR/report-summary.png for a person to look at.
Exit 77 (skipped) when chromium is not installed."""
import os

from browser import DATA, PageTestCase, dump_dom, main


class HtmlInBrowser(PageTestCase):
    ARGS = ("report", os.path.join(DATA, "tlsrpt", "real"))

    def test_dom_shows_totals(self):
        dom = dump_dom(self.page)
        # Hand count (tests/unit/test_report_aggregate.cpp): 16 reports, 5488 successful, 311 failed.
        self.assertRegex(dom, r'id="total-reports"[^>]*>16<')
        self.assertRegex(dom, r'id="total-successful"[^>]*>5488<')
        self.assertRegex(dom, r'id="total-failed"[^>]*>311<')
        for chart in ("chart-daily", "chart-result-types", "chart-mx"):
            self.assertIn(f'<svg id="{chart}"', dom)

    def test_no_console_errors_and_screenshot(self):
        self.assert_clean_screenshot("report-summary.png")


if __name__ == "__main__":
    main()
