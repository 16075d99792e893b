"""The scenario domains of the lab: what each one publishes and what the check must say about it.

Every expectation here comes from the man page and docs/findings.md (finding ids, severities,
verdict rules, exit status) and docs/rfc-rules.md, never from the program's output. A scenario `NAME` is the domain
`NAME.test`. In record lines `{d}` stands for that domain. The harness adds by itself:
- `mta-sts.{d}. A` for the policy host (nginx or an https fault server) when `policy` is set
  and `policy_addresses` is None (with `policy_cname`, the CNAME and the A record of its target);
- `A` records for each fault MX host (one lab address each).

To add a scenario: append a Scenario to SCENARIOS; run `tests/lab/run_lab.py -k NAME`.
"""
from dataclasses import dataclass, field

from . import topology

STS = '_mta-sts.{d}. TXT "v=STSv1; id=20260101T000000"'
TLSRPT = '_smtp._tls.{d}. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{d}"'
GOOD_MX = ["{d}. MX 10 mx1.good.test.", "{d}. MX 20 mx2.good.test."]
GOOD_MX_HOSTS = ("mx1.good.test", "mx2.good.test")

# Records shared by scenarios: the good MX hosts (Postfix: 2 hosts x 2 addresses) and a provider
# zone that delegated records point to.
INFRA_RECORDS = [
    "mx1.good.test. A 127.0.25.1",
    "mx1.good.test. A 127.0.25.2",
    "mx2.good.test. A 127.0.25.3",
    "mx2.good.test. AAAA ::1",
    '_mta-sts.provider.test. TXT "v=STSv1; id=provider1"',
    '_smtp._tls.provider.test. TXT "v=TLSRPTv1; rua=mailto:reports@provider.test"',
    "provider.test. MX 10 mx1.good.test.",
    "hoster.test. MX 10 mx1.good.test.",  # the hosting provider of the hosted-* scenarios takes reports
]
# Names on the Postfix certificate (the implicit-MX scenario's domain is its own MX host; the
# wildcard scenario's MX lives in its own zone).
POSTFIX_NAMES = ["mx1.good.test", "mx2.good.test", "mx-implicit.test", "mx1.policy-wildcard.test",
                 *(f"mx.{name}.test" for name in ("dane-active", "dane-mismatch", "dane-insecure", "dane-usage-pkix",
                                                  "dane-no-tlsrpt"))]


def policy(mode="enforce", mx=GOOD_MX_HOSTS, max_age="604800", eol="\r\n", extra=(), version="STSv1"):
    """A policy body (RFC 8461 §3.2) with version first, then mode, mx lines, max_age, extra."""
    lines = [f"version: {version}", f"mode: {mode}"] + [f"mx: {host}" for host in mx]
    lines += [f"max_age: {max_age}"] + list(extra)
    return eol.join(lines) + eol


def padded_policy(size):
    """A good policy padded to exactly size bytes with unknown-key lines (ignored by senders)."""
    body = policy()
    line = "pad: " + "a" * 93 + "\r\n"
    body += line * ((size - len(body)) // len(line))
    rest = size - len(body)
    if rest:
        body += "p: " + "b" * max(0, rest - 5) + "\r\n"
    assert len(body) == size, (len(body), size)
    return body


def raw(*lines, eol="\r\n"):
    """A policy body from literal lines."""
    return eol.join(lines) + eol


@dataclass
class PolicyHost:
    """What https://mta-sts.{d}/.well-known/mta-sts.txt answers."""
    body: str = ""
    status: int = 200
    content_type: str | None = "text/plain"   # None: no Content-Type header at all
    cert: str = "good"                        # ca.TestCA.issue kind
    cert_names: list | None = None            # default: the policy host name
    big_bytes: int = 0                        # pad the body to at least this size
    server: str = "nginx"                     # nginx | slow | tls10 (https_faults)
    delay: float = 0                          # seconds before the slow server answers
    headers: dict = field(default_factory=dict)
    name: str = ""                            # filled in: mta-sts.{d}


@dataclass
class FaultMx:
    """An MX host served by smtp_faults at its own lab address."""
    host: str                   # absolute name without trailing dot, {d} allowed
    behaviour: str              # see smtp_faults
    cert: str = "good"
    cert_names: list | None = None   # default: [host]; [] with cn for a CN-only certificate
    cn: str | None = None


# The man page's EXIT STATUS with the default --fail-on error.
EXIT_OF_VERDICT = {"pass": 0, "warn": 0, "fail": 1, "incomplete": 3}


class OneOf:
    """A fact that may take any of several values."""

    def __init__(self, *values):
        self.values = values

    def __repr__(self):
        return f"one of {self.values!r}"


class Contains:
    """A list fact that must contain a value."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"a list containing {self.value!r}"


class Substring:
    """A text fact that must contain a piece of text."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"a text containing {self.text!r}"


class NotNull:
    """A fact that must be present and not null."""

    def __repr__(self):
        return "not null"


@dataclass
class Scenario:
    name: str
    records: list
    policy: PolicyHost | None = None
    policy_addresses: list | None = None       # override the policy host's A/AAAA records
    policy_cname: str | None = None            # mta-sts.{d} is a CNAME to this name (a hosted setup)
    faults: list = field(default_factory=list)  # FaultMx
    dns_faults: dict = field(default_factory=dict)  # name -> servfail|refused|drop
    args: list = field(default_factory=list)
    signed: bool = False                       # {d} is a DNSSEC-signed zone of its own (lab/dnssec.py)
    resolver: str = "proxy"                    # proxy | validating (unbound, for DANE: lab/unbound.py)
    verdict: object = "pass"                   # str, or OneOf for behaviour the contract leaves open
    exit: object = None                        # default: from the verdict (man page, EXIT STATUS)
    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    facts: list = field(default_factory=list)  # (path, expected); see harness.facts_at
    why: str = ""
    # Options of `mta-sts-check generate`: the _mta-sts and _smtp._tls records and the policy host
    # (nginx, with the generated configuration) come from the binary (lab/generated.py).
    generated: list | None = None

    @property
    def domain(self):
        return f"{self.name}.test"

    def expected_exit(self):
        """Exit status the contract gives for the verdict with --fail-on error."""
        if self.exit is not None:
            return self.exit
        verdicts = self.verdict.values if isinstance(self.verdict, OneOf) else (self.verdict,)
        codes = tuple(sorted({EXIT_OF_VERDICT[v] for v in verdicts}))
        return codes[0] if len(codes) == 1 else OneOf(*codes)


def good_records(mx=None, sts=True, tlsrpt=True):
    return (mx if mx is not None else GOOD_MX) + ([STS] if sts else []) + ([TLSRPT] if tlsrpt else [])


def long_tlsrpt_record(domain):
    """A zone line with a TLS-RPT record of nine rua URIs (over 255 octets) in two strings."""
    record = "v=TLSRPTv1; rua=" + ",".join(f"mailto:tlsrpt{i:02d}@{domain}" for i in range(9))
    return f'_smtp._tls.{{d}}. TXT "{record[:200]}" "{record[200:]}"'


def fault_mx_scenario(name, behaviour, must, verdict="fail", cert="good", cert_names=None, cn=None,
                      facts=(), must_not=(), args=(), why=""):
    """A domain whose backup MX (preference 20) is one fault server, next to the good mx1.good.test,
    in enforce mode: the fault shows with its default severity and mail still has a way in.
    facts paths are relative to the fault host's entry in "mx"."""
    host = f"mx.{name}.test"
    return Scenario(
        name=name,
        records=["{d}. MX 10 mx1.good.test.", f"{{d}}. MX 20 {host}.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test", host])),
        faults=[FaultMx(host=host, behaviour=behaviour, cert=cert, cert_names=cert_names, cn=cn)],
        verdict=verdict, must=list(must), must_not=["delivery.blocked", *must_not],
        facts=[(f"mx/host={host}/{path}", value) for path, value in facts]
        + [("mx/host=mx1.good.test/deliverable_under_policy", True)],
        args=list(args), why=why)



HOSTER = "hoster.test"  # a hosting provider (RFC 8461 §8.2): .test is unknown to the public suffix list


def hosted_scenario(name, tlsrpt=True, sts=True, mx=GOOD_MX_HOSTS, cert_names=None, provider_serves=("policy", "tlsrpt"),
                    **kwargs):
    """A domain whose mta-sts, _mta-sts and _smtp._tls names are CNAMEs to the provider HOSTER,
    which serves the policy (mx lines `mx`, enforce) with a certificate for `cert_names`
    (default: mta-sts.{d}, as a provider that finished the domain's setup). provider_serves: what
    exists at the provider's targets ("policy": the policy host's address, "tlsrpt": the TLS-RPT
    record); a CNAME to a target left out dangles."""
    at = f"{name}.{HOSTER}"
    records = GOOD_MX + [f'_mta-sts.{at}. TXT "v=STSv1; id=hoster1"']
    if "tlsrpt" in provider_serves:
        records.append(f'_smtp._tls.{at}. TXT "v=TLSRPTv1; rua=mailto:reports@{HOSTER}"')
    records += [f"_mta-sts.{{d}}. CNAME _mta-sts.{at}."] if sts else [STS]
    records += [f"_smtp._tls.{{d}}. CNAME _smtp._tls.{at}."] if tlsrpt else []
    if "policy" not in provider_serves:
        return Scenario(name=name, records=records + [f"mta-sts.{{d}}. CNAME mta-sts.{at}."], **kwargs)
    return Scenario(name=name, records=records, policy=PolicyHost(body=policy(mx=mx), cert_names=cert_names),
                    policy_cname=f"mta-sts.{at}", **kwargs)


SCENARIOS = [
    # --- the fully good domain ------------------------------------------------------------------
    Scenario(
        name="good", records=good_records(), policy=PolicyHost(body=policy()),
        must_not=["delivery.blocked", "mx.not-covered", "policy.line-endings", "mx.probe-inconclusive",
                  "mx.tls13-missing", "mx.tls-legacy-accepted", "mx.sni-required"],
        facts=[
            ("verdict", "pass"),
            ("schema_version", 1),
            ("domain", "good.test"),
            ("tool/name", "mta-sts-check"),
            ("mta_sts/record/id", "20260101T000000"),
            ("mta_sts/policy/mode", "enforce"),
            ("mta_sts/policy/max_age", 604800),
            ("mta_sts/policy/mx", ["mx1.good.test", "mx2.good.test"]),
            ("mta_sts/policy/http_status", 200),
            ("mta_sts/policy/cert/trusted", True),
            ("mta_sts/policy/cert/name_match", True),
            ("tls_rpt/record/rua", ["mailto:tlsrpt@good.test"]),
            ("mx/*/covered_by_policy", True),
            ("mx/*/deliverable_under_policy", True),
            ("mx/host=mx1.good.test/preference", 10),
            ("mx/host=mx2.good.test/preference", 20),
            ("mx/host=mx1.good.test/addresses/*/ip", OneOf("127.0.25.1", "127.0.25.2")),
            ("mx/host=mx2.good.test/addresses/*/ip", OneOf("127.0.25.3", "::1")),
            ("mx/*/addresses/*/starttls", True),
            ("mx/*/addresses/*/tls_version", "TLSv1.3"),
            ("mx/*/addresses/*/cert/trusted", True),
            ("mx/*/addresses/*/cert/name_match", True),
            ("mx/*/addresses/*/cert/days_left", NotNull()),
            ("mx/*/addresses/*/error", None),
            ("sender_differences", []),
        ],
        why="2 MX hosts x 2 addresses (IPv4 and ::1) on a real Postfix (TLS 1.2 and 1.3 only), enforce, TLS-RPT"),
    Scenario(
        name="good-handshakes", records=good_records(), policy=PolicyHost(body=policy()),
        must_not=["mx.tls13-missing", "mx.tls-legacy-accepted", "mx.sni-required", "mx.tls-version-old"],
        facts=[("mx/*/addresses/*/tls_version", "TLSv1.3"),
               ("mx/*/addresses/*/forward_secrecy", True),
               ("mx/*/addresses/*/sni_required", False),
               ("mx/*/addresses/*/legacy_tls_accepted", False),
               ("mx/*/addresses/*/legacy_tls_version", None)],
        why="docs/rfc-rules.md E8, E9 on the good Postfix: the extra sessions' JSON facts (man page, OUTPUT)"),
    Scenario(
        name="split-txt", records=good_records()[:2] + ['_mta-sts.{d}. TXT "v=STSv1; id=2026" "0501"', TLSRPT],
        policy=PolicyHost(body=policy()), must_not=["sts.record.id-invalid", "sts.record.invalid"],
        facts=[("mta_sts/record/id", "20260501")],
        why="docs/rfc-rules.md A11: TXT strings are joined without a space"),
    Scenario(
        name="no-smtp", records=good_records(), policy=PolicyHost(body=policy()), args=["--no-smtp"],
        must=["mx.probe-skipped"], must_not=["mx.probe-inconclusive", "delivery.blocked"],
        facts=[("mx/*/covered_by_policy", True), ("mx/*/addresses/*/starttls", None)]),

    # --- DNS failures are inconclusive, never "missing" (docs/rfc-rules.md A14) ----------------------
    Scenario(
        name="servfail-sts", records=good_records(), policy=PolicyHost(body=policy()),
        dns_faults={"_mta-sts.servfail-sts.test": "servfail"}, args=["--timeout", "2"],
        verdict="incomplete", must=["dns.lookup-failed"], must_not=["sts.record.missing"]),
    Scenario(
        name="timeout-sts", records=good_records(), policy=PolicyHost(body=policy()),
        dns_faults={"_mta-sts.timeout-sts.test": "drop"}, args=["--timeout", "2"],
        verdict="incomplete", must=["dns.lookup-failed"], must_not=["sts.record.missing"]),
    Scenario(
        name="refused-mx", records=good_records(), policy=PolicyHost(body=policy()),
        dns_faults={"refused-mx.test": "refused"}, args=["--timeout", "2"],
        verdict="incomplete", must=["dns.lookup-failed"], must_not=["mx.none", "mx.implicit"]),

    # --- _mta-sts TXT record (RFC 8461 §3.1) -----------------------------------------------------
    Scenario(name="sts-missing", records=good_records(sts=False), verdict="fail", must=["sts.record.missing"]),
    Scenario(
        name="sts-multiple", records=good_records() + ['_mta-sts.{d}. TXT "v=STSv1; id=second2"'],
        policy=PolicyHost(body=policy()), verdict="fail", must=["sts.record.multiple"]),
    Scenario(
        name="sts-invalid", records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1;"', TLSRPT],
        policy=PolicyHost(body=policy()), verdict="fail", must=["sts.record.invalid", "policy.ignored"],
        why="A5: no id; the policy may be fetched for diagnosis, labelled as ignored by senders"),
    Scenario(
        name="sts-id-invalid", records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1; id=2026-05-01"', TLSRPT],
        policy=PolicyHost(body=policy()), verdict="fail", must=["sts.record.id-invalid"]),
    Scenario(
        name="sts-cname", records=GOOD_MX + ["_mta-sts.{d}. CNAME _mta-sts.provider.test.", TLSRPT],
        policy=PolicyHost(body=policy()), must=["sts.record.cname"],
        facts=[("mta_sts/record/cname_chain", Contains("_mta-sts.provider.test")),
               ("mta_sts/record/id", "provider1")]),
    # --- hosted setups (RFC 8461 §8.2): three CNAMEs to a provider -----------------------------------
    hosted_scenario(
        "hosted", must=["sts.record.cname", "tlsrpt.record.cname"],
        must_not=["sts.hosted-mixed", "sts.hosted-partial", "policy.cert-name-mismatch", "mx.not-covered"],
        facts=[("hosted/provider", HOSTER), ("hosted/cnames/policy_host/target", f"mta-sts.hosted.{HOSTER}"),
               ("hosted/cnames/sts_record/provider", HOSTER), ("hosted/cnames/tlsrpt_record/provider", HOSTER),
               ("mta_sts/record/id", "hoster1")],
        why="the provider is the CNAME targets' registrable domain: the last two labels under an unknown TLD"),
    hosted_scenario(
        "hosted-cert", cert_names=[f"*.{HOSTER}"], verdict="fail", must=["policy.cert-name-mismatch"],
        facts=[("hosted/provider", HOSTER),
               ("findings/id=policy.cert-name-mismatch/hint", Substring("must add mta-sts.hosted-cert.test"))],
        why="the most common hosted failure: the provider's certificate does not name mta-sts.D"),
    hosted_scenario(
        "hosted-stale-mx", mx=["mx1.good.test", "mx.old-hosting.test"], verdict="fail",
        must=["mx.not-covered", "policy.mx-unused"],
        facts=[("findings/id=mx.not-covered/hint", Substring(f"update the MX hosts at {HOSTER}")),
               ("mx/host=mx2.good.test/covered_by_policy", False)],
        why="mx2.good.test replaced an old MX, but the provider's policy still lists the old one"),
    hosted_scenario(
        "hosted-partial", tlsrpt=False, verdict="warn", must=["sts.hosted-partial", "tlsrpt.record.missing"],
        must_not=["sts.hosted-mixed"], facts=[("hosted/provider", HOSTER), ("hosted/cnames/tlsrpt_record/target", None)],
        why="only two of the three CNAMEs are published: _smtp._tls.D was forgotten"),
    hosted_scenario(
        "hosted-mixed", sts=False, verdict="warn", must=["sts.hosted-mixed"],
        why="the provider serves the policy but the domain keeps its own _mta-sts id"),
    hosted_scenario(
        "hosted-dangling", provider_serves=("policy",), verdict="warn", must=["sts.hosted-dangling", "tlsrpt.record.missing"],
        must_not=["sts.hosted-partial", "sts.hosted-mixed"],
        facts=[("hosted/cnames/tlsrpt_record/target", f"_smtp._tls.hosted-dangling.{HOSTER}"),
               ("findings/id=sts.hosted-dangling/subject", "_smtp._tls.hosted-dangling.test"),
               ("findings/id=sts.hosted-dangling/message", Substring(f"{HOSTER} does not serve it"))],
        why="_smtp._tls.D is a CNAME to the provider, which has no record there (NXDOMAIN): not an unpublished name"),
    hosted_scenario(
        "hosted-dangling-host", provider_serves=("tlsrpt",), verdict="fail",
        must=["sts.hosted-dangling", "policy.host-unresolvable"], must_not=["sts.hosted-partial"],
        facts=[("hosted/cnames/policy_host/target", f"mta-sts.hosted-dangling-host.{HOSTER}"),
               ("findings/id=sts.hosted-dangling/subject", "mta-sts.hosted-dangling-host.test"),
               ("findings/id=sts.hosted-dangling/message", Substring("which has no address (A/AAAA)"))],
        why="mta-sts.D is a CNAME to a provider name without addresses: the provider dropped (or never set up) the domain"),
    Scenario(
        name="sts-duplicate-field", records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1; id=first1; id=second2"', TLSRPT],
        policy=PolicyHost(body=policy()), verdict="warn", must=["sts.record.duplicate-field"],
        facts=[("mta_sts/record/id", "first1")], why="A10: first occurrence wins"),
    Scenario(
        name="sts-unknown-field", records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1; id=abc1; foo=bar"', TLSRPT],
        policy=PolicyHost(body=policy()), must=["sts.record.unknown-field"]),
    Scenario(
        name="sts-space-semicolon", records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1 ; id=abc1"', TLSRPT],
        policy=PolicyHost(body=policy()), verdict="warn", must=["sts.record.space-before-semicolon"],
        why="erratum 6285: warning, not error"),

    # --- policy host and fetch (RFC 8461 §3.3) ---------------------------------------------------
    Scenario(name="policy-unresolvable", records=good_records(), verdict="fail", must=["policy.host-unresolvable"]),
    Scenario(
        name="policy-refused", records=good_records(), policy=PolicyHost(body=policy()),
        policy_addresses=[topology.REFUSED], args=["--timeout", "2"], verdict="fail", must=["policy.fetch-failed"]),
    Scenario(
        name="policy-timeout", records=good_records(), policy=PolicyHost(body=policy(), server="slow", delay=20),
        args=["--timeout", "2"], verdict="fail", must=["policy.fetch-failed"]),
    Scenario(
        name="policy-slow", records=good_records(), policy=PolicyHost(body=policy(), server="slow", delay=5),
        verdict="warn", must=["policy.slow"], must_not=["policy.fetch-failed"],
        facts=[("mta_sts/policy/mode", "enforce")]),
    Scenario(
        name="policy-tls10", records=good_records(), policy=PolicyHost(body=policy(), server="tls10"),
        verdict="fail", must=["policy.tls-version-old"]),
    Scenario(
        name="policy-addresses-differ", records=good_records(), policy=PolicyHost(body=policy()),
        policy_addresses=[topology.NGINX, topology.REFUSED], args=["--timeout", "2"],
        verdict="warn", must=["policy.addresses-differ"], must_not=["policy.fetch-failed"]),
    Scenario(
        name="policy-cert-untrusted", records=good_records(), policy=PolicyHost(body=policy(), cert="self-signed"),
        verdict="fail", must=["policy.cert-untrusted"], facts=[("mta_sts/policy/cert/trusted", False)]),
    Scenario(
        name="policy-cert-name", records=good_records(),
        policy=PolicyHost(body=policy(), cert_names=["www.policy-cert-name.test"]),
        verdict="fail", must=["policy.cert-name-mismatch"], facts=[("mta_sts/policy/cert/name_match", False)]),
    Scenario(
        name="policy-cert-expired", records=good_records(), policy=PolicyHost(body=policy(), cert="expired"),
        verdict="fail", must=["policy.cert-expired"]),
    Scenario(
        name="policy-cert-expiring", records=good_records(), policy=PolicyHost(body=policy(), cert="expiring"),
        verdict="warn", must=["policy.cert-expiring"], must_not=["policy.cert-expired"]),
    Scenario(
        name="policy-404", records=good_records(), policy=PolicyHost(status=404),
        verdict="fail", must=["policy.http-status"], facts=[("mta_sts/policy/http_status", 404)]),
    Scenario(
        name="policy-redirect", records=good_records(), policy=PolicyHost(status=301),
        verdict="fail", must=["policy.redirect"], facts=[("mta_sts/policy/http_status", 301)],
        why="docs/rfc-rules.md B9: a 301 to the same host with a trailing slash is never followed"),
    Scenario(
        name="policy-soft-404", records=good_records(),
        policy=PolicyHost(body="<html><body><h1>Page not found</h1></body></html>\n", content_type="text/html"),
        verdict="fail", must=["policy.content-type"]),
    Scenario(
        name="policy-no-content-type", records=good_records(), policy=PolicyHost(body=policy(), content_type=None),
        verdict="fail", must=["policy.content-type"]),
    Scenario(
        name="policy-content-type-params", records=good_records(),
        policy=PolicyHost(body=policy(), content_type='Text/Plain; Charset="UTF-8"'),
        must_not=["policy.content-type", "policy.charset"], why="docs/rfc-rules.md B11: media type and charset ignore case"),
    Scenario(
        name="policy-charset", records=good_records(),
        policy=PolicyHost(body=policy(), content_type="text/plain; charset=iso-8859-1"),
        verdict="warn", must=["policy.charset"], must_not=["policy.content-type"]),
    Scenario(
        name="policy-too-large", records=good_records(), policy=PolicyHost(body=policy(), big_bytes=10 * 1024 * 1024),
        verdict="fail", must=["policy.too-large"]),
    Scenario(
        name="policy-size-ambiguous", records=good_records(), policy=PolicyHost(body=padded_policy(64500)),
        verdict="warn", must=["policy.size-ambiguous", "policy.unknown-key"], must_not=["policy.too-large"],
        why="docs/rfc-rules.md B12: 64,000 to 65,536 bytes is a warning"),
    Scenario(
        name="policy-size-limit", records=good_records(), policy=PolicyHost(body=padded_policy(65536)),
        verdict="warn", must=["policy.size-ambiguous"], must_not=["policy.too-large"],
        why="docs/rfc-rules.md B12: 65,536 bytes still passes the hard limit"),
    Scenario(
        name="policy-size-over", records=good_records(), policy=PolicyHost(body=padded_policy(65537)),
        verdict="fail", must=["policy.too-large"], why="docs/rfc-rules.md B12: 65,537 bytes is too large"),
    Scenario(
        name="policy-cache-control", records=good_records(),
        policy=PolicyHost(body=policy(), headers={"Cache-Control": "max-age=86400"}), must=["policy.cache-control"]),

    # --- policy body (RFC 8461 §3.2) -------------------------------------------------------------
    Scenario(
        name="policy-invalid", records=good_records(),
        policy=PolicyHost(body=raw("version: STSv1", "mode: enforce", "  mx: mx1.good.test", "mx: mx2.good.test",
                                   "max_age: 604800")),
        verdict="fail", must=["policy.invalid"], why="docs/rfc-rules.md C2: no leading whitespace"),
    Scenario(
        name="policy-version", records=good_records(), policy=PolicyHost(body=policy(version="STSv2")),
        verdict="fail", must=["policy.version"]),
    Scenario(
        name="policy-version-not-first", records=good_records(),
        policy=PolicyHost(body=raw("mode: enforce", "version: STSv1", "mx: mx1.good.test", "mx: mx2.good.test",
                                   "max_age: 604800")),
        must=["policy.version-not-first"], must_not=["policy.version"], why="docs/rfc-rules.md C4: the order of fields does not matter"),
    Scenario(
        name="policy-mode-invalid", records=good_records(), policy=PolicyHost(body=policy(mode="enforcing")),
        verdict="fail", must=["policy.mode-invalid"]),
    Scenario(
        name="policy-max-age-invalid", records=good_records(), policy=PolicyHost(body=policy(max_age="+86400")),
        verdict="fail", must=["policy.max-age-invalid"], why="docs/rfc-rules.md C6: no sign"),
    Scenario(
        name="policy-max-age-short", records=good_records(), policy=PolicyHost(body=policy(max_age="3600")),
        verdict="warn", must=["policy.max-age-short"], facts=[("mta_sts/policy/max_age", 3600)]),
    Scenario(
        name="policy-max-age-day", records=good_records(), policy=PolicyHost(body=policy(max_age="86400")),
        verdict="pass", must=["policy.max-age-below-week"], must_not=["policy.max-age-short"],
        facts=[("mta_sts/policy/max_age", 86400)], why="docs/rfc-rules.md C7: under a week in enforce is advice"),
    Scenario(
        name="policy-mx-missing", records=good_records(), policy=PolicyHost(body=policy(mx=())),
        verdict="fail", must=["policy.mx-missing"], must_not=["mx.not-covered", "delivery.blocked"],
        facts=[("mx/*/covered_by_policy", None), ("mx/*/deliverable_under_policy", None)],
        why="RFC 8461 §3.2: an invalid policy is applied by no sender, so nothing is in force"),
    Scenario(
        name="policy-mx-invalid", records=good_records(),
        policy=PolicyHost(body=policy(mx=["mx1.good.test", "mx2.good.test", "127.0.25.1"])),
        verdict="fail", must=["policy.mx-invalid"]),
    Scenario(
        name="policy-duplicate-key", records=good_records(),
        policy=PolicyHost(body=raw("version: STSv1", "mode: testing", "mode: enforce", "mx: mx1.good.test",
                                   "mx: mx2.good.test", "max_age: 604800")),
        verdict="fail", must=["policy.duplicate-key"], facts=[("mta_sts/policy/mode", "testing")],
        why="docs/rfc-rules.md C13: the first value wins"),
    Scenario(
        name="policy-unknown-key", records=good_records(), policy=PolicyHost(body=policy(extra=["foo: bar"])),
        must=["policy.unknown-key"]),
    Scenario(
        name="policy-lf", records=good_records(), policy=PolicyHost(body=policy(eol="\n")),
        must=["policy.line-endings"], must_not=["policy.invalid"], why="erratum 6253: LF is allowed"),
    Scenario(
        name="policy-testing", records=good_records(), policy=PolicyHost(body=policy(mode="testing")),
        must=["policy.mode-testing"], facts=[("mta_sts/policy/mode", "testing")]),
    Scenario(
        name="policy-none", records=good_records(), policy=PolicyHost(body=policy(mode="none", mx=())),
        verdict="warn", must=["policy.mode-none"], must_not=["policy.mx-missing", "policy.mode-none-max-age-long"]),
    Scenario(
        name="policy-none-long", records=good_records(),
        policy=PolicyHost(body=policy(mode="none", mx=(), max_age="2592000")),
        verdict="warn", must=["policy.mode-none", "policy.mode-none-max-age-long"],
        why="docs/rfc-rules.md F7: a withdrawal wants a short max_age"),
    Scenario(
        name="policy-mx-unused", records=good_records(),
        policy=PolicyHost(body=policy(mx=["mx1.good.test", "mx2.good.test", "old.good.test"])),
        verdict="warn", must=["policy.mx-unused"]),
    Scenario(
        name="policy-wildcard",
        records=["{d}. MX 10 mx1.{d}.", "mx1.{d}. A 127.0.25.1", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["*.policy-wildcard.test"])),
        must=["policy.mx-wildcard-broad"], must_not=["mx.not-covered"],
        facts=[("mx/*/covered_by_policy", True), ("mx/*/deliverable_under_policy", True)],
        why="*.DOMAIN covers every host of the policy domain's own zone (RFC 8461 §10.4)"),

    Scenario(
        name="policy-wildcard-tld",
        records=["{d}. MX 10 wildcard-tld-mx.test.", "{d}. MX 20 mx1.good.test.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["*.test"])),
        faults=[FaultMx(host="wildcard-tld-mx.test", behaviour="tls")],
        verdict="fail", must=["policy.mx-wildcard-broad", "mx.not-covered"],
        must_not=["policy.mx-invalid", "delivery.blocked"],
        facts=[("findings/id=policy.mx-wildcard-broad/severity", "warning"),
               ("findings/id=mx.not-covered/subject", "mx1.good.test"),
               ("mx/host=wildcard-tld-mx.test/covered_by_policy", True),
               ("mx/host=wildcard-tld-mx.test/deliverable_under_policy", True),
               ("mx/host=mx1.good.test/covered_by_policy", False)],
        why="RFC 8461 §3.2, §4.1: *.test is valid and covers x.test, never a.x.test; too broad is a warning"),
    Scenario(
        name="family-v6-excluded", records=["{d}. MX 10 mx1.good.test.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test"])), args=["-6"], verdict="incomplete",
        must=["local.family-excluded"],
        must_not=["policy.host-unresolvable", "mx.unresolvable", "policy.fetch-failed", "delivery.blocked"],
        facts=[("mx/*/deliverable_under_policy", None)],
        why="-6 on an IPv4-only domain: a filter the user chose is not a misconfiguration"),
    Scenario(
        name="family-v4-excluded", records=["{d}. MX 10 mx6.{d}.", "mx6.{d}. AAAA ::1", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx6.family-v4-excluded.test"])), args=["-4"], verdict="incomplete",
        must=["local.family-excluded"], must_not=["mx.unresolvable", "delivery.blocked"],
        facts=[("findings/id=local.family-excluded/subject", "mx6.family-v4-excluded.test"),
               ("mx/*/deliverable_under_policy", None)],
        why="-4 on an IPv6-only MX host: inconclusive, naming the local cause"),

    # --- MX records (RFC 5321 §5.1, RFC 7505, RFC 8461 §4) ---------------------------------------
    Scenario(
        name="mx-none", records=[STS, TLSRPT], policy=PolicyHost(body=policy(mode="testing", mx=["mx.mx-none.test"])),
        verdict="fail", must=["mx.none"]),
    Scenario(
        name="mx-implicit", records=["{d}. A 127.0.25.1", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx-implicit.test"])), must=["mx.implicit"], must_not=["mx.none"],
        why="no MX: the domain is its own MX; its address is the Postfix"),
    Scenario(
        name="mx-null", records=["{d}. MX 0 .", TLSRPT], verdict=OneOf("pass", "warn", "fail"),
        must=["mx.null"], must_not=["mx.none", "mx.smtp-error", "mx.probe-inconclusive", "mx.unresolvable"],
        why="RFC 7505: no probes; the contract leaves the verdict of a null MX without MTA-STS open"),
    Scenario(
        name="mx-null-invalid", records=["{d}. MX 0 .", "{d}. MX 10 mx1.good.test.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test"])), verdict="fail", must=["mx.null-invalid"]),
    Scenario(
        name="mx-null-with-policy", records=["{d}. MX 0 .", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test"])), verdict=OneOf("warn", "fail"),
        must=["mx.null", "mx.null-with-policy"], must_not=["mx.probe-inconclusive"], why="docs/rfc-rules.md I8"),
    Scenario(
        name="mx-not-covered", records=good_records(), policy=PolicyHost(body=policy(mx=["mx1.good.test"])),
        verdict="fail", must=["mx.not-covered"], must_not=["delivery.blocked"],
        facts=[("mx/host=mx2.good.test/covered_by_policy", False),
               ("mx/host=mx2.good.test/deliverable_under_policy", False),
               ("mx/host=mx1.good.test/covered_by_policy", True),
               ("mx/host=mx1.good.test/deliverable_under_policy", True)],
        why="docs/rfc-rules.md D9: the backup MX is not in the policy"),
    Scenario(
        name="mx-unresolvable", records=["{d}. MX 10 mx1.good.test.", "{d}. MX 20 ghost.mx-unresolvable.test.",
                                         STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test", "ghost.mx-unresolvable.test"])),
        verdict="fail", must=["mx.unresolvable"], must_not=["delivery.blocked"],
        facts=[("mx/host=ghost.mx-unresolvable.test/addresses", [])]),
    Scenario(
        name="mx-unreachable", records=["{d}. MX 10 mx1.good.test.", "{d}. MX 20 down.mx-unreachable.test.",
                                        f"down.mx-unreachable.test. A {topology.REFUSED}", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test", "down.mx-unreachable.test"])), args=["--timeout", "2"],
        verdict="warn", must=["mx.unreachable"], must_not=["mx.probe-inconclusive", "delivery.blocked"],
        facts=[("mx/host=mx1.good.test/deliverable_under_policy", True)]),
    Scenario(
        name="mx-probe-inconclusive", records=["{d}. MX 10 mx.mx-probe-inconclusive.test.",
                                               f"mx.mx-probe-inconclusive.test. A {topology.REFUSED}",
                                               f"mx.mx-probe-inconclusive.test. A {topology.BLACKHOLE}", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx.mx-probe-inconclusive.test"])), args=["--timeout", "2"],
        verdict="incomplete", must=["mx.probe-inconclusive"],
        must_not=["mx.starttls-missing", "delivery.blocked", "mx.smtp-error"],
        why="one address refuses, the other never answers: port 25 looks blocked from here (docs/rfc-rules.md E12)"),
    fault_mx_scenario("mx-greeting-554", "greeting-554", must=["mx.smtp-error"], args=["--timeout", "3"]),
    fault_mx_scenario("mx-garbage", "garbage", must=["mx.smtp-error"], args=["--timeout", "3"]),
    fault_mx_scenario("mx-early-close", "early-close", must=["mx.smtp-error"], args=["--timeout", "3"]),
    fault_mx_scenario("mx-junk", "junk", must=["mx.smtp-error"], args=["--timeout", "3"],
                      why="megabytes without a line end: the reply is capped, not buffered"),
    fault_mx_scenario("mx-trickle", "trickle", must=[], verdict=OneOf("fail", "warn", "incomplete"),
                      args=["--timeout", "2"], must_not=["mx.starttls-missing"],
                      why="one byte a second: the banner phase times out; the contract does not say which id"),
    fault_mx_scenario("mx-slow-greeting", "slow-greeting", must=[], verdict="pass",
                      must_not=["mx.smtp-error", "mx.probe-inconclusive", "mx.unreachable"],
                      facts=[("addresses/*/starttls", True), ("deliverable_under_policy", True)],
                      why="postscreen-like 5 s greeting delay must be waited for (greeting timeout 30 s)"),
    fault_mx_scenario("mx-no-starttls", "no-starttls", must=["mx.starttls-missing"],
                      facts=[("addresses/*/starttls", False), ("deliverable_under_policy", False)]),
    fault_mx_scenario("mx-starttls-454", "starttls-454", must=["mx.starttls-failed"],
                      must_not=["mx.starttls-missing"], facts=[("deliverable_under_policy", False)]),
    fault_mx_scenario("mx-cert-untrusted", "tls", cert="self-signed", must=["mx.cert-untrusted"],
                      facts=[("addresses/*/cert/trusted", False), ("deliverable_under_policy", False)]),
    fault_mx_scenario("mx-cert-name", "tls", cert_names=["other.mx-cert-name.test"], must=["mx.cert-name-mismatch"],
                      facts=[("addresses/*/cert/name_match", False), ("addresses/*/cert/trusted", True),
                             ("deliverable_under_policy", False)]),
    fault_mx_scenario("mx-cert-cn-only", "tls", cert_names=[], cn="mx.mx-cert-cn-only.test",
                      must=["mx.cert-name-mismatch"], facts=[("addresses/*/cert/name_match", False)],
                      why="docs/rfc-rules.md E5: the CN is not used"),
    fault_mx_scenario("mx-cert-partial-wildcard", "tls", cert_names=["m*.mx-cert-partial-wildcard.test"],
                      must=["mx.cert-wildcard-partial"], must_not=["mx.cert-name-mismatch"],
                      facts=[("deliverable_under_policy", False)],
                      why="RFC 9525 §6.3; the lab's real Postfix sender refuses m*. certificates"),
    fault_mx_scenario("mx-cert-expired", "tls", cert="expired", must=["mx.cert-expired"],
                      facts=[("deliverable_under_policy", False)]),
    fault_mx_scenario("mx-cert-not-yet-valid", "tls", cert="not-yet-valid", must=["mx.cert-expired"]),
    fault_mx_scenario("mx-cert-expiring", "tls", cert="expiring", verdict="warn", must=["mx.cert-expiring"],
                      must_not=["mx.cert-expired"], facts=[("addresses/*/cert/days_left", OneOf(4, 5)),
                                                           ("deliverable_under_policy", True)]),
    fault_mx_scenario("mx-tls10", "tls10", must=["mx.tls-version-too-old", "mx.tls-version-old"],
                      must_not=["mx.starttls-failed", "mx.tls-legacy-accepted", "mx.tls13-missing"],
                      facts=[("addresses/*/tls_version", "TLSv1"), ("addresses/*/legacy_tls_accepted", True),
                             ("addresses/*/legacy_tls_version", "TLSv1"), ("deliverable_under_policy", False)],
                      why="RFC 8461 §7.2: a sender with default OpenSSL 3 settings (TLS >= 1.2) cannot "
                          "complete the handshake, so under enforce it refuses this MX"),
    fault_mx_scenario("mx-close-after-tls", "close-after-tls", must=["mx.ehlo-after-tls-failed"],
                      must_not=["mx.smtp-error", "mx.starttls-failed"], args=["--timeout", "3"],
                      facts=[("addresses/*/tls_version", NotNull()), ("addresses/*/error", NotNull()),
                             ("deliverable_under_policy", False)],
                      why="RFC 3207 §4.2: the session ends before the EHLO after TLS; no sender delivers"),
    fault_mx_scenario("mx-421-after-tls", "421-after-tls", must=["mx.ehlo-after-tls-failed"],
                      must_not=["mx.smtp-error", "mx.starttls-failed"], args=["--timeout", "3"],
                      facts=[("addresses/*/error", Substring("421 4.7.0")), ("deliverable_under_policy", False)],
                      why="RFC 3207 §4.2: 421 to the EHLO after TLS; every sender defers"),
    fault_mx_scenario("mx-silent-after-tls", "silent-after-tls", verdict="incomplete",
                      must=["mx.ehlo-after-tls-timeout"], must_not=["mx.ehlo-after-tls-failed", "mx.smtp-error"],
                      args=["--timeout", "2"], facts=[("deliverable_under_policy", None)],
                      why="no answer to the EHLO after TLS within --timeout: unknown, never 'refused'"),
    fault_mx_scenario("mx-static-rsa", "tls-static-rsa", cert="good-rsa", verdict="pass",
                      must=["mx.forward-secrecy-missing", "mx.tls13-missing"], must_not=["mx.starttls-failed"],
                      facts=[("addresses/*/forward_secrecy", False), ("addresses/*/cipher", OneOf("AES128-GCM-SHA256", "AES256-GCM-SHA384")),
                             ("deliverable_under_policy", True)],
                      why="docs/rfc-rules.md E10: no forward secrecy is a note (info)"),
    fault_mx_scenario("mx-tls12", "tls12", verdict="pass", must=["mx.tls13-missing"],
                      must_not=["mx.tls-version-old", "mx.tls-legacy-accepted", "mx.sni-required"],
                      facts=[("addresses/*/tls_version", "TLSv1.2"), ("addresses/*/legacy_tls_accepted", False),
                             ("addresses/*/sni_required", False), ("deliverable_under_policy", True)],
                      why="docs/rfc-rules.md E9: no TLS 1.3 is a note (info), the domain still passes"),
    fault_mx_scenario("mx-tls-legacy", "tls-legacy", verdict="warn", must=["mx.tls-legacy-accepted"],
                      must_not=["mx.tls-version-old", "mx.tls13-missing", "mx.sni-required"],
                      facts=[("addresses/*/tls_version", "TLSv1.3"), ("addresses/*/legacy_tls_accepted", True),
                             ("addresses/*/legacy_tls_version", "TLSv1.1"), ("addresses/*/sni_required", False),
                             ("deliverable_under_policy", True)],
                      why="docs/rfc-rules.md E9: accepts both 1.0 and 1.3 -> warning"),
    fault_mx_scenario("mx-sni-required", "sni-required", verdict="warn", must=["mx.sni-required"],
                      must_not=["mx.starttls-failed", "mx.tls-legacy-accepted"],
                      facts=[("addresses/*/sni_required", True), ("addresses/*/legacy_tls_accepted", False),
                             ("deliverable_under_policy", True)],
                      why="docs/rfc-rules.md E8: a handshake without SNI gets an alert -> warning; senders send SNI"),
    fault_mx_scenario("mx-single-probe", "sni-required", must=[], verdict="pass", args=["--single-probe"],
                      must_not=["mx.sni-required", "mx.tls-legacy-accepted"],
                      facts=[("addresses/*/sni_required", None), ("addresses/*/legacy_tls_accepted", None)],
                      why="--single-probe: no extra session, so nothing to say about SNI or legacy TLS"),
    Scenario(
        name="delivery-blocked", records=["{d}. MX 10 mx.delivery-blocked.test.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx.delivery-blocked.test"])),
        faults=[FaultMx(host="mx.delivery-blocked.test", behaviour="no-starttls")],
        verdict="fail", must=["mx.starttls-missing", "delivery.blocked"],
        facts=[("mx/*/deliverable_under_policy", False)], why="enforce and the only MX has no STARTTLS: mail is lost"),
    Scenario(
        name="mx-testing-mode", records=["{d}. MX 10 mx.mx-testing-mode.test.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mode="testing", mx=["mx.mx-testing-mode.test"])),
        faults=[FaultMx(host="mx.mx-testing-mode.test", behaviour="no-starttls")],
        verdict="warn", must=["mx.starttls-missing", "policy.mode-testing"], must_not=["delivery.blocked"],
        facts=[("findings/id=mx.starttls-missing/severity", "warning"), ("mx/*/deliverable_under_policy", False)],
        why="docs/rfc-rules.md C16/D6: in testing mode MX failures are warnings; mail still flows"),

    # --- TLS-RPT (RFC 8460 §3) -------------------------------------------------------------------
    Scenario(name="tlsrpt-missing", records=good_records(tlsrpt=False), policy=PolicyHost(body=policy()),
             verdict="warn", must=["tlsrpt.record.missing"]),
    Scenario(
        name="tlsrpt-multiple", records=good_records() + ['_smtp._tls.{d}. TXT "v=TLSRPTv1; rua=mailto:b@{d}"'],
        policy=PolicyHost(body=policy()), verdict="fail", must=["tlsrpt.record.multiple"]),
    Scenario(
        name="tlsrpt-invalid", records=good_records(tlsrpt=False) + ['_smtp._tls.{d}. TXT "v=TLSRPTv1;"'],
        policy=PolicyHost(body=policy()), verdict="fail", must=["tlsrpt.record.invalid"]),
    Scenario(
        name="tlsrpt-rua-invalid",
        records=good_records(tlsrpt=False) + ['_smtp._tls.{d}. TXT "v=TLSRPTv1; rua=mailto:a@{d}!10m"'],
        policy=PolicyHost(body=policy()), verdict="fail", must=["tlsrpt.rua-invalid"], why="docs/rfc-rules.md G8: a DMARC-style size suffix"),
    Scenario(
        name="tlsrpt-unknown-field",
        records=good_records(tlsrpt=False) + ['_smtp._tls.{d}. TXT "v=TLSRPTv1; rua=mailto:a@{d}; foo=bar"'],
        policy=PolicyHost(body=policy()), must=["tlsrpt.record.unknown-field"]),
    Scenario(
        name="tlsrpt-rua-whitespace",
        records=good_records(tlsrpt=False) + ['_smtp._tls.{d}. TXT "v=TLSRPTv1; rua= mailto:a@{d}"'],
        policy=PolicyHost(body=policy()), verdict="warn", must=["tlsrpt.rua-whitespace"]),
    Scenario(
        name="tlsrpt-long", records=good_records(tlsrpt=False) + [long_tlsrpt_record("tlsrpt-long.test")],
        policy=PolicyHost(body=policy()), must=["tlsrpt.record.long"],
        must_not=["tlsrpt.record.invalid", "tlsrpt.rua-invalid"],
        facts=[("tls_rpt/record/rua", [f"mailto:tlsrpt{i:02d}@tlsrpt-long.test" for i in range(9)])],
        why="above 255 octets, so split into two TXT strings that are joined without a space"),
    Scenario(
        name="tlsrpt-cname", records=good_records(tlsrpt=False) + ["_smtp._tls.{d}. CNAME _smtp._tls.provider.test."],
        policy=PolicyHost(body=policy()), must=["tlsrpt.record.cname"],
        facts=[("tls_rpt/record/rua", ["mailto:reports@provider.test"])]),
    Scenario(
        name="tlsrpt-rua-nowhere",
        records=good_records(tlsrpt=False) + [
            '_smtp._tls.{d}. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@nomail.{d},https://reports.{d}/tlsrpt,mailto:ok@{d}"'],
        policy=PolicyHost(body=policy()), verdict="warn", must=["tlsrpt.rua-unreachable"],
        facts=[("tls_rpt/record/rua_destinations/uri=mailto:tlsrpt@nomail.tlsrpt-rua-nowhere.test/reachable", False),
               ("tls_rpt/record/rua_destinations/host=reports.tlsrpt-rua-nowhere.test/reachable", False),
               ("tls_rpt/record/rua_destinations/uri=mailto:ok@tlsrpt-rua-nowhere.test/reachable", True),
               ("tls_rpt/record/ttl", NotNull()), ("mta_sts/record/ttl", NotNull())],
        why="docs/rfc-rules.md G13, G14: a mail domain without MX or address, an https host without address"),
    Scenario(
        name="tlsrpt-rua-null-mx",
        records=good_records(tlsrpt=False) + ['_smtp._tls.{d}. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@mx-null.test"'],
        policy=PolicyHost(body=policy()), verdict="warn", must=["tlsrpt.rua-unreachable"],
        facts=[("tls_rpt/record/rua_destinations/*/reachable", False)],
        why="docs/rfc-rules.md G14: reports to a domain that publishes a null MX (RFC 7505) bounce"),
]

def dane_scenario(name, tlsa, signed=True, mx_tlsrpt=True, **expect):
    """A good enforce domain whose one MX mx.{d} is the lab Postfix with the TLSA records `tlsa`
    ("{postfix_spki_sha256}" = the SHA-256 of Postfix's public key), checked through the
    validating resolver; signed: {d} is a DNSSEC-signed zone with a trust anchor; mx_tlsrpt:
    the MX host has its own TLS-RPT record (RFC 8460 §3, where DANE failures are reported)."""
    return Scenario(
        name=name, records=["{d}. MX 10 mx.{d}.", "mx.{d}. A 127.0.25.1", STS, TLSRPT]
        + [f"_25._tcp.mx.{{d}}. TLSA {record}" for record in tlsa]
        + (['_smtp._tls.mx.{d}. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{d}"'] if mx_tlsrpt else []),
        policy=PolicyHost(body=policy(mx=[f"mx.{name}.test"])), signed=signed, resolver="validating", **expect)


# --- DANE (RFC 7672; docs/rfc-rules.md I1, I2, I4): real DNSSEC, nsd + ldns-signzone + unbound ----
DANE_HOST = "mx/host=mx.{}.test/"
SCENARIOS += [
    dane_scenario(
        "dane-active", ["3 1 1 {postfix_spki_sha256}"], verdict="pass", must=["mx.dane-active"],
        must_not=["mx.dane-mismatch", "mx.dane-insecure", "mx.dane-usage-pkix", "mx.dane-tlsrpt-missing",
                  "dns.lookup-failed"],
        facts=[(DANE_HOST.format("dane-active") + "dane/secure", True), (DANE_HOST.format("dane-active") + "dane/active", True),
               (DANE_HOST.format("dane-active") + "dane/tlsa/*/usage", 3),
               (DANE_HOST.format("dane-active") + "addresses/*/dane_match", True),
               (DANE_HOST.format("dane-active") + "deliverable_under_policy", True),
               (DANE_HOST.format("dane-active") + "dane/tlsrpt", True)],
        why="signed zone, TLSA 3 1 1 of the Postfix key: DANE senders authenticate the MX (RFC 8461 §2)"),
    dane_scenario(
        "dane-no-tlsrpt", ["3 1 1 {postfix_spki_sha256}"], mx_tlsrpt=False, verdict="pass",
        must=["mx.dane-active", "mx.dane-tlsrpt-missing"],
        facts=[(DANE_HOST.format("dane-no-tlsrpt") + "dane/tlsrpt", False)],
        why="docs/rfc-rules.md I6: DANE reports go to _smtp._tls.<mx host>, which is missing"),
    dane_scenario(
        "dane-mismatch", ["3 1 1 " + "00" * 32], verdict="fail", must=["mx.dane-mismatch"],
        must_not=["mx.dane-active", "mx.dane-insecure", "delivery.blocked"],
        facts=[(DANE_HOST.format("dane-mismatch") + "dane/secure", True),
               (DANE_HOST.format("dane-mismatch") + "addresses/*/dane_match", False),
               (DANE_HOST.format("dane-mismatch") + "deliverable_under_policy", True)],
        why="docs/rfc-rules.md I1: validated TLSA that matches nothing is an error whatever MTA-STS says"),
    dane_scenario(
        "dane-insecure", ["3 1 1 {postfix_spki_sha256}"], signed=False, verdict="pass", must=["mx.dane-insecure"],
        must_not=["mx.dane-active", "mx.dane-mismatch"],
        facts=[(DANE_HOST.format("dane-insecure") + "dane/secure", False),
               (DANE_HOST.format("dane-insecure") + "dane/active", False),
               (DANE_HOST.format("dane-insecure") + "addresses/*/dane_match", None)],
        why="docs/rfc-rules.md I2: TLSA in an unsigned zone, seen through a validating resolver: ignored by senders"),
    dane_scenario(
        "dane-usage-pkix", ["1 1 1 {postfix_spki_sha256}"], verdict="warn", must=["mx.dane-usage-pkix"],
        must_not=["mx.dane-active", "mx.dane-mismatch", "mx.dane-insecure"],
        facts=[(DANE_HOST.format("dane-usage-pkix") + "dane/secure", True),
               (DANE_HOST.format("dane-usage-pkix") + "dane/active", False)],
        why="docs/rfc-rules.md I4: PKIX-EE is unusable for SMTP (RFC 7672 §3.1.3)"),
]

# --- Real senders (docs/findings.md "Real senders"): where postfix-mta-sts-resolver and mailauth
# depart from RFC 8461. test_sender_models.py runs the real implementations on each of these and
# checks the checker's implementation_outcome against what they did.
POSTFIX_RESOLVER = "sender_differences/implementation=postfix-mta-sts-resolver/"
MAILAUTH = "sender_differences/implementation=mailauth/"
GOOD_POLICY_HELD = "mode enforce, max_age 604800, mx mx1.good.test mx2.good.test"


def sender_scenario(name, must, verdict="fail", records=None, body=None, facts=(), why="", **policy_host):
    """A domain on the good MX hosts (unless records say otherwise) whose record or policy trips
    a known departure of a real sender; `must` holds its sender.* id."""
    return Scenario(name=name, records=records or good_records(),
                    policy=PolicyHost(body=policy() if body is None else body, **policy_host),
                    verdict=verdict, must=list(must), facts=list(facts), why=why)


SENDER_CERT_MX = "mx.sender-cert-names.test"
SENDER_DEEP_MX = "deep.mx.sender-wildcard-depth.test"
SENDER_SCENARIOS = [
    sender_scenario(
        "sender-duplicate-mode", ["policy.duplicate-key", "sender.duplicate-field"],
        body=raw("version: STSv1", "mode: testing", "mode: enforce", "mx: mx1.good.test", "max_age: 86400"),
        facts=[(POSTFIX_RESOLVER + "rfc_outcome", "mode testing, max_age 86400, mx mx1.good.test"),
               (POSTFIX_RESOLVER + "implementation_outcome", "mode enforce, max_age 86400, mx mx1.good.test"),
               (MAILAUTH + "implementation_outcome", "mode enforce, max_age 86400, mx mx1.good.test")],
        why="utils.py parse_mta_sts_policy and parsePolicy keep the last mode: mx2 is then refused"),
    sender_scenario(
        "sender-bare-cr", ["policy.invalid", "sender.line-breaks", "sender.policy-lenient"],
        body="version: STSv1\r\nmode: enforce\r\nmx: mx1.good.test\rmx: mx2.good.test\r\nmax_age: 604800\r\n",
        facts=[(POSTFIX_RESOLVER + "implementation_outcome", GOOD_POLICY_HELD),
               (MAILAUTH + "implementation_outcome", "mode enforce, max_age 604800, mx mx1.good.test\rmx: mx2.good.test")],
        why="str.splitlines() ends a line at a bare CR; mailauth's /\\r?\\n/ keeps it inside the mx value"),
    sender_scenario(
        "sender-id-unchecked", ["sts.record.id-invalid", "sender.id-unchecked"],
        records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1; id=2026-05-01.rev_1"', TLSRPT],
        facts=[(POSTFIX_RESOLVER + "implementation_outcome", GOOD_POLICY_HELD),
               (MAILAUTH + "implementation_outcome", GOOD_POLICY_HELD)],
        why="neither implementation checks the id's characters (RFC 8461 §3.1)"),
    sender_scenario(
        "sender-record-lenient", ["sts.record.invalid", "sender.record-lenient"],
        records=GOOD_MX + ['_mta-sts.{d}. TXT "v=STSv1; ID=20260101"', TLSRPT],
        facts=[(MAILAUTH + "implementation_outcome", GOOD_POLICY_HELD)],
        why="mailauth lower-cases record tags, so ID= is the id; field names are case-sensitive (RFC 8461 §3.1)"),
    Scenario(
        name="sender-wildcard-depth",
        records=["{d}. MX 10 mx1.good.test.", f"{{d}}. MX 20 {SENDER_DEEP_MX}.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test", "*.sender-wildcard-depth.test"])),
        faults=[FaultMx(host=SENDER_DEEP_MX, behaviour="tls")],
        verdict="fail", must=["mx.not-covered", "sender.wildcard-depth"],
        facts=[(POSTFIX_RESOLVER + "mx", SENDER_DEEP_MX), (POSTFIX_RESOLVER + "rfc_outcome", "refuses"),
               (POSTFIX_RESOLVER + "implementation_outcome", "delivers"),
               (MAILAUTH + "implementation_outcome", "delivers")],
        why="'*.d' becomes Postfix's '.d' and mailauth's suffix '.d': both match two labels deep"),
    Scenario(
        name="sender-cert-names",
        records=["{d}. MX 10 mx1.good.test.", f"{{d}}. MX 20 {SENDER_CERT_MX}.", STS, TLSRPT],
        policy=PolicyHost(body=policy(mx=["mx1.good.test", SENDER_CERT_MX])),
        faults=[FaultMx(host=SENDER_CERT_MX, behaviour="tls", cert_names=["mx1.good.test"])],
        verdict="fail", must=["mx.cert-name-mismatch", "sender.cert-names-not-mx"],
        facts=[(POSTFIX_RESOLVER + "mx", SENDER_CERT_MX), (POSTFIX_RESOLVER + "implementation_outcome", "delivers")],
        why="Postfix matches the certificate names against the policy patterns, never the MX host name"),
    sender_scenario(
        "sender-content-type", ["policy.content-type", "sender.content-type-unchecked"], content_type="text/html",
        facts=[(MAILAUTH + "implementation_outcome", GOOD_POLICY_HELD)],
        why="fetchPolicy never reads the Content-Type (RFC 8461 §3.2 wants text/plain)"),
    sender_scenario(
        "sender-http-status", ["policy.http-status", "sender.http-status-lenient"], server="status-203",
        facts=[("mta_sts/policy/http_status", 203), (MAILAUTH + "implementation_outcome", GOOD_POLICY_HELD)],
        why="fetchPolicy accepts any 2xx status (RFC 8461 §3.3 accepts only 200)"),
    sender_scenario(
        "sender-size", ["policy.too-large", "sender.size-unchecked"], big_bytes=200_000,
        facts=[(MAILAUTH + "implementation_outcome", GOOD_POLICY_HELD + " filler-" + "x" * 50 + ".test")],
        why="fetchPolicy reads a body of any size (RFC 8461 §3.3 lets senders stop at 64 KiB)"),
    sender_scenario(
        "sender-charset", ["sender.charset-strict"], verdict="pass", body=policy(extra=["note: caf\u00e9"]),
        facts=[(POSTFIX_RESOLVER + "implementation_outcome",
                "no policy (non-ASCII bytes without a charset (decoded as ASCII))"),
               (POSTFIX_RESOLVER + "rfc_outcome", GOOD_POLICY_HELD)],
        why="resolver.py decodes a body without a charset as ASCII; UTF-8 is allowed in extension values"),
    sender_scenario(
        "sender-policy-lenient", ["policy.invalid", "sender.policy-lenient"],
        body=raw("version: STSv1", "mode: enforce", "", "mx: mx1.good.test", "mx: mx2.good.test", "max_age: 604800"),
        facts=[(POSTFIX_RESOLVER + "implementation_outcome", GOOD_POLICY_HELD),
               (MAILAUTH + "implementation_outcome", GOOD_POLICY_HELD)],
        why="both skip a blank line, which RFC 8461 §3.2's grammar does not allow"),
]
SCENARIOS += SENDER_SCENARIOS

# --- generate (man page, generate): what it writes, published as it is, passes the live check ---
SCENARIOS += [
    Scenario(
        name="generated", records=list(GOOD_MX),
        generated=["--mode", "enforce", "--mx", "mx1.good.test", "--mx", "mx2.good.test"],
        must_not=["mx.not-covered", "policy.content-type", "policy.line-endings", "policy.max-age-below-week"],
        facts=[("mta_sts/policy/mode", "enforce"), ("mta_sts/policy/mx", ["mx1.good.test", "mx2.good.test"])],
        why="the records, policy file and nginx configuration of generate, published unchanged, pass"),
]

# Catalog ids no scenario produces, each with the reason (test_coverage.py holds us to it).
NOT_PRODUCED_BY_LAB = {
    # A scenario cannot make this host run out of descriptors or routes; test_batch.py runs the
    # binary under a tiny RLIMIT_NOFILE for it, and tests/unit/test_check_delivery.cpp covers
    # every local cause (SMTP, HTTPS, DNS).
    "local.failure": "a failure of the checker's own host: test_batch.py (RLIMIT_NOFILE) and unit tests",
}


def by_name():
    """Scenarios keyed by name; names are unique."""
    table = {}
    for scenario in SCENARIOS:
        assert scenario.name not in table, scenario.name
        table[scenario.name] = scenario
    return table
