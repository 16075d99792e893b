"""Item 3: --resolver: an unbracketed IPv6 address takes no port, [v6]:port is the only way to
give one, and text that reads both ways (::1:53) is a usage error (exit 2) naming both forms."""
from hostile import HostileTestCase, main, run


class ResolverIpv6Port(HostileTestCase):
    def test_ambiguous_is_a_usage_error(self):
        for text, hint in (("::1:53", b"[::1]:53"), ("2001:db8::1:5353", b"[2001:db8::1]:5353")):
            with self.subTest(text=text):
                result = run("--resolver", text, "a.example")
                self.assertExit(result, 2)
                self.assertIn(b"ambiguous --resolver", result.stderr)
                self.assertIn(hint, result.stderr)

    def test_accepted_forms(self):
        # No query may leave: --state /dev/zero is refused right after the resolvers are read,
        # so an accepted resolver shows as the state file's error instead of its own.
        for text in ("::1", "[::1]:9", "[::1]", "127.0.0.1:9", "127.0.0.1", "2001:db8::1"):
            with self.subTest(text=text):
                result = run("--resolver", text, "--state", "/dev/zero", "a.example")
                self.assertExit(result, 2)
                self.assertNotIn(b"--resolver", result.stderr)
                self.assertIn(b"state file /dev/zero", result.stderr)

    def test_malformed(self):
        for text in ("[127.0.0.1]:53", "::1::53", "1.2.3.4:0", "[::1]53", "::1:99999x"):
            with self.subTest(text=text):
                result = run("--resolver", text, "a.example")
                self.assertExit(result, 2)
                self.assertIn(b"--resolver", result.stderr)


if __name__ == "__main__":
    main()
