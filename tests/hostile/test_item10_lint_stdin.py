"""Item 10: lint --policy - with standard input closed, or with a directory on it, is exit status
2 with "cannot read stdin: ...", never linted as an empty policy."""
import os
import subprocess

from hostile import BINARY, HostileTestCase, Result, main


class LintStdin(HostileTestCase):
    def lint(self, stdin_setup):
        args = [os.path.abspath(BINARY), "lint", "--policy", "-"]
        return Result(subprocess.run(args, capture_output=True, timeout=30, **stdin_setup))

    def test_closed_stdin(self):
        def close_stdin():
            os.close(0)
        result = self.lint({"stdin": subprocess.DEVNULL, "preexec_fn": close_stdin})
        self.assertExit(result, 2)
        self.assertIn(b"cannot read stdin: Bad file descriptor", result.stderr)
        self.assertEqual(result.stdout, b"")

    def test_directory_on_stdin(self):
        fd = os.open(self.dir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            result = self.lint({"stdin": fd})
        finally:
            os.close(fd)
        self.assertExit(result, 2)
        self.assertIn(b"cannot read stdin: Is a directory", result.stderr)

    def test_real_policy_on_stdin_still_works(self):
        policy = b"version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 604800\r\n"
        result = Result(subprocess.run([os.path.abspath(BINARY), "lint", "--policy", "-"], input=policy,
                                       capture_output=True, timeout=30))
        self.assertExit(result, 0)


if __name__ == "__main__":
    main()
