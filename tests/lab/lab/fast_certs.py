"""Leaf certificates by the thousand, signed by the lab CA (lab/ca.py) in-process with
python3-cryptography: the batch bench gives every one of 10,000+ hosts a certificate of its own,
and three openssl processes per certificate (lab/ca.py's way) would take minutes.

All leaves share one EC P-256 key (only the names and validity differ), which also keeps the
servers' per-handshake key loading cheap.
"""
import datetime
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = datetime.timedelta(days=1)
# Validity of each kind, relative to now; the kinds are those of ca.TestCA.issue.
VALIDITY = {
    "good": (-DAY, 30 * DAY),
    "expired": (-40 * DAY, -10 * DAY),
    "not-yet-valid": (10 * DAY, 40 * DAY),
    "expiring": (-DAY, 5 * DAY),
}


class FastIssuer:
    """Issues leaves signed by the CA at ca_key_path/ca_cert_path, all with one shared key."""

    def __init__(self, ca_key_path, ca_cert_path, directory):
        with open(ca_key_path, "rb") as key_file:
            self.m_ca_key = serialization.load_pem_private_key(key_file.read(), password=None)
        with open(ca_cert_path, "rb") as cert_file:
            self.m_ca_name = x509.load_pem_x509_certificate(cert_file.read()).subject
        self.m_key = ec.generate_private_key(ec.SECP256R1())
        self.m_now = datetime.datetime.now(datetime.timezone.utc)
        self.key_path = os.path.join(directory, "leaf-key.pem")
        self.key_pem = self.m_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption())
        with open(self.key_path, "wb") as key_file:
            key_file.write(self.key_pem)
        os.chmod(self.key_path, 0o644)  # test-only key; nginx and postfix workers read it

    def pem(self, sans, kind="good"):
        """The PEM of a leaf for the dNSNames sans (CN = the first), valid as kind says."""
        start, end = VALIDITY[kind]
        subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mta-sts-check lab"),
                             x509.NameAttribute(NameOID.COMMON_NAME, sans[0])])
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(self.m_ca_name)
                   .public_key(self.m_key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(self.m_now + start).not_valid_after(self.m_now + end)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                                key_encipherment=False, data_encipherment=False, key_agreement=False,
                                                key_cert_sign=False, crl_sign=False, encipher_only=False,
                                                decipher_only=False), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(name) for name in sans]),
                                  critical=False))
        return builder.sign(self.m_ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)

    def write(self, path, sans, kind="good"):
        """Write the leaf's PEM to path; return path."""
        with open(path, "wb") as cert_file:
            cert_file.write(self.pem(sans, kind))
        return path
