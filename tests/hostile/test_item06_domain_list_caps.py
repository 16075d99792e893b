"""Item 6: -i caps the bytes per line and per file: /dev/zero, a binary file or a line without
end stops at once with a FILE:LINE: error and exit status 2, instead of growing to gigabytes."""
from hostile import HostileTestCase, main, run


class DomainListCaps(HostileTestCase):
    def test_dev_zero(self):
        result = run("-i", "/dev/zero", "--resolver", "127.0.0.1:9", timeout=30)
        self.assertExit(result, 2)
        self.assertIn(b"/dev/zero:1: line longer than 4096 bytes", result.stderr)
        self.assertEqual(result.stdout, b"")

    def test_long_line_names_its_line(self):
        path = self.write("list.txt", "a.example\nb.example\n" + "x" * 5000 + "\n")
        result = run("-i", path, "--resolver", "127.0.0.1:9")
        self.assertExit(result, 2)
        self.assertIn(f"{path}:3: line longer than 4096 bytes".encode(), result.stderr)

    def test_endless_stdin(self):
        result = run("-i", "-", "--resolver", "127.0.0.1:9", stdin=b"y" * (8 * 1024 * 1024), timeout=30)
        self.assertExit(result, 2)
        self.assertIn(b"stdin:1: line longer than 4096 bytes", result.stderr)


if __name__ == "__main__":
    main()
