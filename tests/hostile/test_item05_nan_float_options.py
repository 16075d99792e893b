"""Item 5: NaN and infinity in a floating-point option are usage errors (exit 2) before anything
is looked up; NaN passes a plain range check because every comparison with it is false."""
from hostile import HostileTestCase, main, run


class NanFloatOptions(HostileTestCase):
    def test_timeout_not_finite(self):
        for value in ("nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e999"):
            with self.subTest(value=value):
                result = run("--timeout", value, "--resolver", "127.0.0.1:9", "a.example", timeout=20)
                self.assertExit(result, 2)
                self.assertIn(b"--timeout", result.stderr)
                self.assertEqual(result.stdout, b"")

    def test_finite_timeout_still_accepted(self):
        result = run("--timeout", "0.5", "--resolver", "127.0.0.1:9", "--no-smtp", "a.example", timeout=20)
        self.assertExit(result, 3)


if __name__ == "__main__":
    main()
