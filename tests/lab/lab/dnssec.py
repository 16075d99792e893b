"""DNSSEC for lab zones, made at test time: one ECDSA P-256 key per zone (ldns-keygen, used as
both KSK and ZSK) and a zone signed with ldns-signzone (NSEC, signatures valid for 4 weeks from
now). The key's DNSKEY file is the trust anchor the validating resolver gets for that zone."""
import os
import subprocess

ZONE_HEADER = """\
$ORIGIN {origin}.
$TTL 60
@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 60
@ IN NS ns.test.
"""


def sign_zone(directory, origin, records):
    """Write <origin>.zone from absolute-name zone lines, sign it; return (signed zone, DNSKEY file)."""
    path = os.path.join(directory, f"{origin}.zone")
    with open(path, "w") as zone:
        zone.write(ZONE_HEADER.format(origin=origin))
        for line in records:
            zone.write(line + "\n")
    key = subprocess.run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", origin], cwd=directory, check=True,
                         capture_output=True, text=True).stdout.strip()
    subprocess.run(["ldns-signzone", "-o", origin, path, key], cwd=directory, check=True, capture_output=True, text=True)
    return path + ".signed", os.path.join(directory, key + ".key")


def owned_by(line, origin):
    """Whether the zone line's owner name is `origin` or below it."""
    owner = line.split(None, 1)[0].rstrip(".").lower()
    return owner == origin or owner.endswith("." + origin)
