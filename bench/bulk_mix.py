"""The domain mix of the batch bench (bench/README.md, "batch.py"): what N domains publish.

- 80% are customers of 5 shared MX providers (mx1/mx2.provider-X.test, uneven market shares),
  enforce policy naming both hosts;
- 10% have an MX host of their own (mx.DOMAIN, its own certificate, chosen by SNI);
- 10% are broken: a fifth of them (2% of all) have a backup MX that accepts TCP and never
  greets ("mx-mute"); the rest are spread evenly over the BROKEN kinds below.
Every domain has its own policy-host certificate and a TLS-RPT record. The order is shuffled
with a fixed seed, so a size always gives the same list and the broken ones are spread out.
"""
import random

from lab.bulk_world import MUTE_MX, BulkDomain, own_mx_address
from lab import topology
from lab.scenarios import policy

PROVIDERS = [("provider-a", 40), ("provider-b", 25), ("provider-c", 15), ("provider-d", 12), ("provider-e", 8)]
MUTE = "mx-mute"
# Broken kinds other than MUTE, each a function of (domain, provider) -> BulkDomain.
BROKEN = {}


def provider_hosts():
    """Every shared MX host name, in the order the lab gives them addresses."""
    return [f"mx{n}.{name}.test" for name, _ in PROVIDERS for n in (1, 2)]


def common(domain, sts=True):
    """The TXT records every domain of the mix has (less the MTA-STS one when sts is False)."""
    return ([f'_mta-sts.{domain}. TXT "v=STSv1; id=20260101T000000"'] if sts else []) + \
        [f'_smtp._tls.{domain}. TXT "v=TLSRPTv1; rua=mailto:tlsrpt@{domain}"']


def policy_host(domain):
    """The policy host's address record: nginx, which tells the hosts apart by SNI."""
    return [f"mta-sts.{domain}. A {topology.NGINX}"]


def on_provider(domain, provider, body_mx=None, sts=True, body=None, cert_kind="good", cert_sans=None,
                policy_address=True, serve_body=True):
    """A customer of provider: MX 10 mx1, MX 20 mx2, enforce policy naming body_mx (default both);
    serve_body=False: the policy host answers 404."""
    hosts = [f"mx1.{provider}.test", f"mx2.{provider}.test"]
    records = [f"{domain}. MX 10 {hosts[0]}.", f"{domain}. MX 20 {hosts[1]}."] + common(domain, sts)
    records += policy_host(domain) if policy_address else []
    return BulkDomain(name=domain, records=records,
                      policy_body=(policy(mx=body_mx or hosts) if body is None else body) if serve_body else None,
                      policy_cert=(cert_sans or [f"mta-sts.{domain}"], cert_kind))


def own_mx(domain, index, cert_kind="good", cert_sans=None):
    """A domain with its own MX host mx.DOMAIN on the pool address of index."""
    host = f"mx.{domain}"
    records = [f"{domain}. MX 10 {host}.", f"{host}. A {own_mx_address(index)}"] + common(domain) + policy_host(domain)
    return BulkDomain(name=domain, records=records, policy_body=policy(mx=[host]),
                      policy_cert=([f"mta-sts.{domain}"], "good"), own_mx={host: (cert_sans or [host], cert_kind)})


def mute_mx(domain, provider):
    """MX 10 at the provider, MX 20 a host that never greets; the policy names both."""
    made = on_provider(domain, provider, body_mx=[f"mx1.{provider}.test", f"mx.{domain}"])
    made.records = [f"{domain}. MX 10 mx1.{provider}.test.", f"{domain}. MX 20 mx.{domain}.",
                    f"mx.{domain}. A {MUTE_MX}"] + [line for line in made.records if " MX " not in line]
    return made


BROKEN.update({
    "policy-invalid": lambda d, p, i: on_provider(d, p, body=policy(mode="enforcing")),
    "mx-not-covered": lambda d, p, i: on_provider(d, p, body_mx=[f"mx1.{p}.test"]),
    "policy-cert-expired": lambda d, p, i: on_provider(d, p, cert_kind="expired"),
    "policy-cert-name": lambda d, p, i: on_provider(d, p, cert_sans=[f"www.{d}"]),
    "sts-missing": lambda d, p, i: on_provider(d, p, sts=False),
    "policy-404": lambda d, p, i: on_provider(d, p, serve_body=False),
    "policy-unresolvable": lambda d, p, i: on_provider(d, p, policy_address=False),
    "mx-cert-expired": lambda d, p, i: own_mx(d, i, cert_kind="expired"),
    "mx-cert-name": lambda d, p, i: own_mx(d, i, cert_sans=[f"other.{d}"]),
})


def category_counts(count):
    """How many domains of each category a mix of count domains has (they add up to count)."""
    broken = round(count * 0.10)
    mute = round(count * 0.02)
    counts = {"own-mx": round(count * 0.10), MUTE: mute}
    kinds = list(BROKEN)
    for i, kind in enumerate(kinds):
        counts[kind] = (broken - mute) // len(kinds) + (1 if i < (broken - mute) % len(kinds) else 0)
    counts["provider"] = count - sum(counts.values())
    return counts


def mix(count, seed=8461):
    """count domains d000000.test ...: a list of (BulkDomain, category), shuffled with seed."""
    rng = random.Random(seed)
    categories = [name for name, how_many in category_counts(count).items() for _ in range(how_many)]
    rng.shuffle(categories)
    names, weights = [name for name, _ in PROVIDERS], [share for _, share in PROVIDERS]
    out = []
    for index, category in enumerate(categories):
        domain, provider = f"d{index:06d}.test", rng.choices(names, weights)[0]
        if category == "provider":
            made = on_provider(domain, provider)
        elif category == "own-mx":
            made = own_mx(domain, index)
        elif category == MUTE:
            made = mute_mx(domain, provider)
        else:
            made = BROKEN[category](domain, provider, index)
        out.append((made, category))
    return out
