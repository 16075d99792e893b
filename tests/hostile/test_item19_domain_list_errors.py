"""Item 19: malformed lines of an -i list are named as FILE:LINE:, only the first 20 of them
(then how many more), and --skip-invalid checks the valid domains instead of stopping."""
from hostile import OFFLINE, HostileTestCase, main, run


class DomainListErrors(HostileTestCase):
    def bad_list(self):
        lines = ["good.example"] + [f"bad..{i}.example" for i in range(100000)] + ["other.example"]
        return self.write("list.txt", "\n".join(lines) + "\n")

    def test_errors_are_capped_and_located(self):
        path = self.bad_list()
        result = run("-i", path, *OFFLINE, timeout=60)
        self.assertExit(result, 2)
        self.assertEqual(result.stdout, b"", "nothing is checked")
        self.assertIn(f"{path}:2: malformed domain 'bad..0.example'".encode(), result.stderr)
        self.assertIn(b"... and 99980 more malformed domains", result.stderr)
        self.assertLess(len(result.stderr), 8192, "stderr stays short")
        self.assertIn(b"--skip-invalid", result.stderr)

    def test_skip_invalid_checks_the_rest(self):
        path = self.bad_list()
        result = run("-i", path, "--skip-invalid", "--format", "jsonl", *OFFLINE, timeout=60)
        self.assertExit(result, 3)  # both valid domains checked, offline: incomplete
        domains = sorted(line for line in result.stdout.decode().splitlines() if line.strip())
        self.assertEqual(len(domains), 2)
        self.assertIn(b"(skipped)", result.stderr)
        self.assertLess(len(result.stderr), 8192)

    def test_skip_invalid_with_nothing_left(self):
        path = self.write("bad.txt", "bad..example\n")
        result = run("-i", path, "--skip-invalid", *OFFLINE)
        self.assertExit(result, 2)
        self.assertIn(b"no valid domain", result.stderr)


if __name__ == "__main__":
    main()
