"""Item 13: report --domain '', an impossible --since date (2016-02-30) and --since after --until
are usage errors (exit 2), not filters that silently match nothing."""
import os

from hostile import SOURCE_DIR, HostileTestCase, main, run

REAL = os.path.join(SOURCE_DIR, "tests", "data", "tlsrpt", "real")


class ReportFilterValues(HostileTestCase):
    def test_usage_errors(self):
        cases = {
            ("--domain", ""): b"--domain",
            ("--domain", "."): b"--domain",
            ("--since", "2016-02-30"): b"not a date",
            ("--until", "2023-02-29"): b"not a date",
            ("--since", "2026-04-31T00:00:00Z"): b"not a date",
            ("--since", "2026-03-01", "--until", "2026-02-01"): b"is not before --until",
        }
        for args, words in cases.items():
            with self.subTest(args=args):
                result = run("report", *args, REAL)
                self.assertExit(result, 2)
                self.assertIn(words, result.stderr)
                self.assertEqual(result.stdout, b"")

    def test_valid_dates_still_work(self):
        for args in (("--since", "2024-02-29"), ("--since", "2024-03-26", "--until", "2024-03-26")):
            with self.subTest(args=args):
                self.assertExit(run("report", *args, REAL), 0)


if __name__ == "__main__":
    main()
