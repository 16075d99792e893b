#!/usr/bin/env python3
"""Creates a throw-away test PKI with the openssl CLI in DIR (for the net adapter tests).

Usage: make_pki.py DIR
  ca.pem / ca.key          test CA (the tests pass ca.pem as --ca-file)
  good.pem / good.key      leaf signed by the CA, SAN mta-sts.*.test names and mx.example.test
  wrongname.pem / .key     leaf signed by the CA, SAN www.other.test only
  selfsigned.pem / .key    self-signed leaf for mta-sts.selfsigned.test
Prints "READY 0" when done (same protocol as the servers).
"""
import os
import subprocess
import sys


def run(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def leaf(directory, name, sans):
    key, csr, pem = (os.path.join(directory, f"{name}.{ext}") for ext in ("key", "csr", "pem"))
    ext = os.path.join(directory, f"{name}.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=" + ",".join("DNS:" + s for s in sans) + "\n")
        f.write("extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
    run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key, "-out", csr, "-subj", f"/CN={sans[0]}")
    run("x509", "-req", "-in", csr, "-CA", os.path.join(directory, "ca.pem"),
        "-CAkey", os.path.join(directory, "ca.key"), "-CAcreateserial", "-days", "30",
        "-extfile", ext, "-out", pem)


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", os.path.join(directory, "ca.key"), "-out", os.path.join(directory, "ca.pem"),
        "-days", "30", "-subj", "/CN=mta-sts-check test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    good = ["mta-sts.ok.test", "mta-sts.redirect.test", "mta-sts.missing.test", "mta-sts.huge.test",
            "mta-sts.gzip.test", "mta-sts.small-gzip.test", "mta-sts.slow.test",
            "mta-sts.exact.test", "mta-sts.over.test", "mx.example.test", "*.mx.test"]
    leaf(directory, "good", good)
    leaf(directory, "wrongname", ["www.other.test"])
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", os.path.join(directory, "selfsigned.key"),
        "-out", os.path.join(directory, "selfsigned.pem"), "-days", "30",
        "-subj", "/CN=mta-sts.selfsigned.test", "-addext", "subjectAltName=DNS:mta-sts.selfsigned.test")
    print("READY 0", flush=True)


if __name__ == "__main__":
    main()
