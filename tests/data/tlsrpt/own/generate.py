#!/usr/bin/env python3
"""Writes the project's own TLS-RPT test inputs (run from this folder; outputs are committed).

Every count is chosen so that totals are easy to add up by hand; tests/unit/test_report_*.cpp
and tests/report/*.sh assert those hand-made sums. Layout:
  good/   readable inputs of every kind (see the table in ../README.md)
  broken/ inputs that must give a per-file error
"""
import base64, gzip, io, json, os

def report(rid, day, policies, org="Own Reporter", contact="tlsrpt@reporter.example"):
    return {"organization-name": org,
            "date-range": {"start-datetime": f"{day}T00:00:00Z", "end-datetime": f"{day}T23:59:59Z"},
            "contact-info": contact, "report-id": rid, "policies": policies}

def policy(ok, failed, details=None, ptype="sts", domain="own.example"):
    p = {"policy": {"policy-type": ptype, "policy-domain": domain,
                    "policy-string": ["version: STSv1", "mode: enforce", "mx: *.own.example", "max_age: 604800"],
                    "mx-host": ["*.own.example"]},
         "summary": {"total-successful-session-count": ok, "total-failure-session-count": failed}}
    if details is not None:
        p["failure-details"] = details
    return p

def detail(rtype, n, mx="mx1.own.example", ip="192.0.2.1", reason=None):
    d = {"result-type": rtype, "sending-mta-ip": ip, "receiving-mx-hostname": mx,
         "receiving-ip": "198.51.100.25", "failed-session-count": n}
    if reason:
        d["failure-reason-code"] = reason
    return d

TYPES = ["starttls-not-supported", "certificate-host-mismatch", "certificate-expired",
         "certificate-not-trusted", "validation-failure", "tlsa-invalid", "dnssec-invalid",
         "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid",
         "tls-version-too-old"]

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)

def gz(text):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(text.encode())
    return buf.getvalue()

def b64(data):
    return "\n".join(base64.b64encode(data).decode()[i:i + 76] for i in range(0, len(base64.b64encode(data)), 76))

# 1. Every result type of RFC 8460 §4.3 plus one unknown: counts 1..12 (sum 78), summary 1000/70.
all_types = report("own-all-types", "2026-01-01",
                   [policy(1000, 70, [detail(t, i + 1, reason="reason" if t in ("certificate-not-trusted", "validation-failure") else None)
                                      for i, t in enumerate(TYPES)])])
write("good/all-result-types.json", json.dumps(all_types, indent=2).encode())
# 2. gzip content under a .json name (RFC 8460 §6.5: detect by magic bytes): 500/0.
write("good/gzipped-but-named.json", gz(json.dumps(report("own-gz", "2026-01-02", [policy(500, 0)]))))
# 3. plain JSON under a .json.gz name: 200/2, certificate-expired 2 at mx2.
write("good/plain-but-named.json.gz",
      json.dumps(report("own-plain", "2026-01-03", [policy(200, 2, [detail("certificate-expired", 2, mx="mx2.own.example")])])).encode())
# 4. An e-mail whose report sits in a nested multipart, as application/octet-stream named *.json.gz: 100/1.
nested_json = json.dumps(report("own-nested", "2026-01-04", [policy(100, 1, [detail("starttls-not-supported", 1, ip="2001:db8::25")])]))
eml = f"""From: tlsrpt@reporter.example
To: tlsrpt@own.example
Subject: Report Domain: own.example Submitter: reporter.example Report-ID: <own-nested>
TLS-Report-Domain: own.example
TLS-Report-Submitter: reporter.example
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain

Forwarded report below.

--outer
Content-Type: multipart/report; report-type="tlsrpt"; boundary="inner"

--inner
Content-Type: text/plain

This is an aggregate TLS report from reporter.example

--inner
Content-Type: application/octet-stream; name="reporter.example!own.example!1767484800!1767571199.json.gz"
Content-Disposition: attachment; filename="reporter.example!own.example!1767484800!1767571199.json.gz"
Content-Transfer-Encoding: base64

{b64(gz(nested_json))}
--inner--

--outer--
"""
write("good/nested.eml", eml.encode())
# 5. An mbox: one report (tlsa, 50/0, tlsrpt+json, quoted-printable-free) and one ordinary message.
mbox_json = json.dumps(report("own-mbox", "2026-01-05", [policy(50, 0, ptype="tlsa")]))
mbox = f"""From tlsrpt@reporter.example Mon Jan  5 00:00:00 2026
From: tlsrpt@reporter.example
TLS-Report-Domain: own.example
TLS-Report-Submitter: reporter.example
Subject: Report Domain: own.example Submitter: reporter.example Report-ID: <own-mbox>
MIME-Version: 1.0
Content-Type: multipart/report; report-type="tlsrpt"; boundary="b1"

--b1
Content-Type: text/plain

report
--b1
Content-Type: application/tlsrpt+json
Content-Disposition: attachment; filename="reporter.example!own.example!1767571200!1767657599.json"

{mbox_json}
--b1--

From someone@else.example Mon Jan  5 01:00:00 2026
From: someone@else.example
Subject: lunch?

Not a report.

"""
write("good/reports.mbox", mbox.encode())
# 6. A Maildir: the same report in cur/ and new/ (counted once), a broken one in tmp/ (skipped).
md_json = json.dumps(report("own-maildir", "2026-01-06", [policy(300, 0)]))
md = f"""From: tlsrpt@reporter.example
TLS-Report-Domain: own.example
TLS-Report-Submitter: reporter.example
Subject: Report Domain: own.example Submitter: reporter.example Report-ID: <own-maildir>
MIME-Version: 1.0
Content-Type: multipart/report; report-type="tlsrpt"; boundary="b2"

--b2
Content-Type: application/tlsrpt+gzip
Content-Transfer-Encoding: base64

{b64(gz(md_json))}
--b2--
"""
write("good/Maildir/cur/1767657600.1.host:2,S", md.encode())
write("good/Maildir/new/1767657600.2.host", md.encode())
write("good/Maildir/tmp/1767657600.3.host", b"{ not a report")
os.makedirs("good/Maildir/.hidden", exist_ok=True)
write("good/Maildir/.hidden/ignored.json", b"{ not a report")

# Broken inputs, one reason each.
write("broken/invalid.json", b'{"organization-name": "x", "policies": [')
write("broken/policies-object.json", json.dumps({**report("own-bad-1", "2026-01-07", []), "policies": policy(1, 0)}).encode())
write("broken/truncated.json.gz", gz(json.dumps(report("own-bad-2", "2026-01-07", [policy(1, 0)])))[:40])
write("broken/duplicate-key.json",
      b'{"report-id": "a", "report-id": "b", "organization-name": "x", "policies": []}')
write("broken/no-report.eml", b"From: a@b.example\nSubject: hi\n\nno attachment\n")
write("broken/not-a-report.txt", b"hello, world\n")
