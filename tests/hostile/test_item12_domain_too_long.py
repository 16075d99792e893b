"""Item 12: a domain longer than 242 octets is a usage error (exit 2): "_smtp._tls." and
"_mta-sts." in front of it would pass the 253 octets of a DNS name, so it can never be looked up
(it used to end "incomplete, retry later")."""
from hostile import OFFLINE, HostileTestCase, main, run


def name_of(length):
    labels = []
    while sum(len(label) + 1 for label in labels) - 1 < length:
        labels.append("a" * 60)
    text = ".".join(labels)[:length]
    return text.rstrip(".") + ("b" if text.endswith(".") else "")


class DomainTooLong(HostileTestCase):
    def test_253_octets_refused(self):
        for length in (253, 243):
            domain = name_of(length)
            self.assertEqual(len(domain), length)
            with self.subTest(length=length):
                result = run(domain, *OFFLINE)
                self.assertExit(result, 2)
                self.assertIn(b"_smtp._tls.", result.stderr)
                self.assertIn(b"at most 242", result.stderr)
                self.assertEqual(result.stdout, b"")

    def test_242_octets_accepted(self):
        result = run(name_of(242), *OFFLINE)
        self.assertExit(result, 3)  # checked (offline): incomplete, not a usage error


if __name__ == "__main__":
    main()
