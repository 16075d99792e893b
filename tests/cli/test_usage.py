"""Options, usage errors and exit status 2, --help and --version (man page, EXIT STATUS)."""
import os
import tempfile
import unittest

from harness import CliTestCase, run


class Usage(CliTestCase):
    def test_help_exits_zero_and_documents_exit_status(self):
        result = run("--help")
        self.assertExit(result, 0)
        self.assertIn(b"EXIT STATUS", result.stdout)
        for option in (b"--format", b"--fail-on", b"--no-smtp", b"--resolver", b"--jobs"):
            self.assertIn(option, result.stdout)

    def test_version_names_the_linked_libraries(self):
        result = run("--version")
        self.assertExit(result, 0)
        for name in (b"mta-sts-check ", b"c-ares ", b"libcurl ", b"OpenSSL "):
            self.assertIn(name, result.stdout)

    def test_unknown_option_is_a_usage_error(self):
        result = run("--bogus", "example.com")
        self.assertExit(result, 2)
        self.assertIn(b"--bogus", result.stderr)

    def test_bad_option_values(self):
        for args in (["--format", "xml", "a.example"], ["--fail-on", "sometimes", "a.example"],
                     ["--timeout", "0", "a.example"], ["--jobs", "0", "a.example"],
                     ["--ignore", "no.such-finding", "a.example"], ["--smtp-port", "70000", "a.example"]):
            with self.subTest(args=args):
                self.assertExit(run(*args), 2)

    def test_no_domain_is_a_usage_error(self):
        result = run()
        self.assertExit(result, 2)
        self.assertIn(b"no domain", result.stderr)

    def test_malformed_domains_are_named_with_the_reason(self):
        cases = {
            "a..example": b"empty",
            "a-.example": b"'-'",
            "a b.example": b"space",
            "1.2.3.4": b"IP address",
            "[::1]": b"IP address",
            "x" * 64 + ".example": b"63",
            ".".join(["abcdefghi"] * 30): b"253",
            "localhost": b"two labels",
            "xn--a.example": b"",
        }
        for domain, reason in cases.items():
            with self.subTest(domain=domain):
                result = run(domain)
                self.assertExit(result, 2)
                self.assertIn(b"malformed domain", result.stderr)
                self.assertIn(reason, result.stderr)

    def test_bad_resolver(self):
        for resolver in ("dns.example", "1.2.3.4:99999", "[::1", "1.2.3.4:"):
            with self.subTest(resolver=resolver):
                result = run("--resolver", resolver, "a.example")
                self.assertExit(result, 2)
                self.assertIn(b"--resolver", result.stderr)

    def test_domain_file_errors(self):
        with tempfile.TemporaryDirectory() as directory:
            self.assertExit(run("-i", directory), 2)
            self.assertExit(run("-i", os.path.join(directory, "missing.txt")), 2)
            bad = os.path.join(directory, "bad.txt")
            with open(bad, "w") as f:
                f.write("good.example\n# comment\n\nbad..example\n")
            result = run("-i", bad)
            self.assertExit(result, 2)
            self.assertIn(b"bad..example", result.stderr)

    def test_lint_without_input_is_a_usage_error(self):
        result = run("lint")
        self.assertExit(result, 2)
        self.assertIn(b"--policy", result.stderr)

    def test_missing_and_directory_policy_files(self):
        with tempfile.TemporaryDirectory() as directory:
            result = run("lint", "--policy", os.path.join(directory, "nope.txt"))
            self.assertExit(result, 2)
            self.assertIn(b"nope.txt", result.stderr)
            result = run("lint", "--policy", directory)
            self.assertExit(result, 2)
            self.assertIn(b"directory", result.stderr)

    def test_strict_and_fail_on_exclude_each_other(self):
        self.assertExit(run("--strict", "--fail-on", "never", "a.example"), 2)


if __name__ == "__main__":
    unittest.main()
