"""The lab's test CA, made at test time with the openssl CLI.

Leaf certificates can be good, expired, not yet valid, expiring soon, for the wrong name,
CN-only (no subjectAltName) or self-signed: everything a sender must refuse (RFC 8461 §3.3, §4.2).
"""
import datetime
import os
import subprocess

OPENSSL_CA_CONFIG = """\
[ca]
default_ca = lab
[lab]
dir = {dir}
database = {dir}/index.txt
new_certs_dir = {dir}/newcerts
serial = {dir}/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = optional
"""

DAY = datetime.timedelta(days=1)


def openssl_time(moment):
    """A datetime as openssl ca -startdate/-enddate wants it."""
    return moment.strftime("%Y%m%d%H%M%SZ")


def run(argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def new_key(path, rsa=False):
    """An EC P-256 key, or RSA 2048 for a server that must be able to do a static RSA key exchange."""
    options = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"] if rsa else \
        ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    run(["openssl", "genpkey", *options, "-out", path])
    os.chmod(path, 0o644)  # test-only key; postfix and nginx workers read it


class TestCA:
    """A throw-away CA in directory; issue() makes leaf certificates signed by it."""

    def __init__(self, directory):
        self.m_dir = directory
        os.makedirs(os.path.join(directory, "newcerts"), exist_ok=True)
        open(os.path.join(directory, "index.txt"), "w").close()
        with open(os.path.join(directory, "serial"), "w") as serial:
            serial.write("1000\n")
        self.m_config = os.path.join(directory, "ca.cnf")
        with open(self.m_config, "w") as config:
            config.write(OPENSSL_CA_CONFIG.format(dir=directory))
        self.key_path = os.path.join(directory, "ca.key")
        self.cert_path = os.path.join(directory, "ca.pem")
        new_key(self.key_path)
        run(["openssl", "req", "-x509", "-new", "-key", self.key_path, "-out", self.cert_path, "-days", "60",
             "-subj", "/O=mta-sts-check lab/CN=mta-sts-check lab CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        self.m_count = 0
        self.m_issued = {}

    def issue(self, sans, cn=None, kind="good"):
        """Issue a leaf; kind is good|good-rsa|expired|not-yet-valid|expiring|self-signed. Returns (cert, key).

        sans: the subjectAltName dNSNames (empty for a CN-only certificate); cn: the subject CN.
        The same request twice gives the same certificate.
        """
        request = (tuple(sans), cn, kind)
        if request not in self.m_issued:
            self.m_issued[request] = self.make_leaf(sans, cn, kind)
        return self.m_issued[request]

    def make_leaf(self, sans, cn, kind):
        self.m_count += 1
        base = os.path.join(self.m_dir, f"leaf{self.m_count}")
        key, cert, csr, ext = base + ".key", base + ".pem", base + ".csr", base + ".ext"
        new_key(key, rsa=kind == "good-rsa")
        subject = "/O=mta-sts-check lab/CN=" + (cn or (sans[0] if sans else "lab"))
        with open(ext, "w") as ext_file:
            # keyEncipherment lets an RSA key carry a static RSA key exchange (RFC 5246 §7.4.7.1).
            usage = "digitalSignature,keyEncipherment" if kind == "good-rsa" else "digitalSignature"
            ext_file.write(f"[leaf]\nbasicConstraints = CA:FALSE\nkeyUsage = {usage}\n"
                           "extendedKeyUsage = serverAuth\n")
            if sans:
                ext_file.write("subjectAltName = " + ",".join("DNS:" + name for name in sans) + "\n")
        if kind == "self-signed":
            run(["openssl", "req", "-x509", "-new", "-key", key, "-out", cert, "-days", "30", "-subj", subject,
                 "-extensions", "leaf", "-config", self.self_signed_config(ext)])
            return cert, key
        now = datetime.datetime.now(datetime.timezone.utc)
        start, end = {
            "good": (now - DAY, now + 30 * DAY),
            "good-rsa": (now - DAY, now + 30 * DAY),
            "expired": (now - 40 * DAY, now - 10 * DAY),
            "not-yet-valid": (now + 10 * DAY, now + 40 * DAY),
            "expiring": (now - DAY, now + 5 * DAY),
        }[kind]
        run(["openssl", "req", "-new", "-key", key, "-out", csr, "-subj", subject])
        run(["openssl", "ca", "-batch", "-config", self.m_config, "-keyfile", self.key_path, "-cert", self.cert_path,
             "-in", csr, "-out", cert, "-notext", "-startdate", openssl_time(start), "-enddate", openssl_time(end),
             "-extfile", ext, "-extensions", "leaf"])
        return cert, key

    def self_signed_config(self, ext):
        """openssl req needs a [req] section besides the extensions for -x509 with -config."""
        path = ext + ".req"
        with open(ext) as ext_file, open(path, "w") as config:
            config.write("[req]\ndistinguished_name = dn\n[dn]\n" + ext_file.read())
        return path
