"""Item 17: --ca-file with a file that holds no certificate is a usage error (exit 2) that
carries OpenSSL's reason, not "internal error: cannot load CA file"."""
from hostile import HostileTestCase, main, run


class CaFileReason(HostileTestCase):
    def test_garbage_pem(self):
        path = self.write("garbage.pem", "this is not a certificate\n")
        result = run("--ca-file", path, "--resolver", "127.0.0.1:9", "--no-smtp", "a.example")
        self.assertExit(result, 2)
        self.assertNotIn(b"internal error", result.stderr)
        self.assertIn(f"--ca-file {path}: cannot load trust anchors: ".encode(), result.stderr)
        # OpenSSL's own words, e.g. "error:05800088:x509 certificate routines::no certificate or crl found".
        self.assertIn(b"error:", result.stderr)
        self.assertEqual(result.stdout, b"")

    def test_broken_pem_block(self):
        path = self.write("broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
        result = run("--ca-file", path, "--resolver", "127.0.0.1:9", "--no-smtp", "a.example")
        self.assertExit(result, 2)
        self.assertIn(b"cannot load trust anchors", result.stderr)


if __name__ == "__main__":
    main()
