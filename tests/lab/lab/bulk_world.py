"""A lab for thousands of domains at once (the batch bench, bench/batch.py).

The scenario lab (world.py) gives each policy host an nginx server block and an openssl-made
certificate, and answers DNS through the Python fault proxy: right for 150 scenarios, far too
slow to start and to serve for 10,000 domains. This lab keeps its servers and address plan but:
- every policy host mta-sts.DOMAIN has a certificate of its own (lab/fast_certs.py, one shared
  key), picked by nginx from the SNI name at each handshake (nginx.start_bulk);
- the binary asks nsd directly (no fault rules are needed, and a thread per query in the proxy
  would be what the bench measures);
- one Postfix serves the shared MX providers (one address per MX host, one certificate naming
  them all) and the domains' own MX hosts (a pool of addresses, each host's certificate chosen
  by SNI through tls_server_sni_maps);
- smtp_faults serves the MX hosts that accept TCP and never greet.

    with BulkLab(domains, provider_hosts) as lab:
        subprocess.run([binary, *lab.binary_args(), "-i", listing])
"""
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from . import ca, fast_certs, nginx, nsd, postfix, topology
from .processes import free_port
from .world import Lab

PROVIDER_NET = "127.0.110."  # shared MX provider hosts: .1 upward, one address each
OWN_MX_NET = "127.0.111."    # the pool of addresses of the domains' own MX hosts: .1 to .OWN_MX_POOL
OWN_MX_POOL = 10
MUTE_MX = "127.0.112.1"      # accepts TCP, never sends a greeting


def provider_address(index):
    """The address of the index-th provider MX host (index from 0)."""
    return f"{PROVIDER_NET}{index + 1}"


def own_mx_address(index):
    """The pool address an own MX host lands on (any index; the pool wraps round)."""
    return f"{OWN_MX_NET}{index % OWN_MX_POOL + 1}"


@dataclass
class BulkDomain:
    """One domain of the bulk lab: its zone lines and what its servers answer."""
    name: str                        # the domain, e.g. d000042.test
    records: list                    # zone lines with absolute names (provider hosts are the lab's)
    policy_body: str | None = None   # what mta-sts.NAME serves; None answers 404
    policy_cert: tuple | None = None  # (sans, kind) of mta-sts.NAME's certificate; None: no policy host
    own_mx: dict = field(default_factory=dict)  # own MX host -> (sans, kind) of its certificate (Postfix, SNI)


class BulkLab(Lab):
    """The running bulk lab. provider_hosts: the shared MX host names, served at provider_address(i);
    smtp=False starts no MX server at all (for runs with --no-smtp)."""

    def __init__(self, domains, provider_hosts, smtp=True, workdir=None):
        super().__init__([], workdir=workdir or self.memory_dir())
        # The folder is ours to remove at stop() unless the caller gave one.
        self.m_own_dir = workdir is None
        self.m_domains = domains
        self.m_providers = list(provider_hosts)
        self.m_smtp = smtp
        self.timings = {}  # seconds spent making certificates and starting the servers

    @staticmethod
    def memory_dir():
        """A temp folder in /dev/shm when there is one: 200,000 certificate and policy files are
        made and removed in seconds there, in minutes on a busy disk."""
        return tempfile.mkdtemp(prefix="mtasts-bulk-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)

    def binary_args(self, resolver=None):
        """The options that point mta-sts-check at this lab (nsd itself as the resolver)."""
        return super().binary_args(resolver or f"{topology.NSD}:{self.ports['dns']}")

    def smtp_addresses(self):
        """Every address Postfix listens on: the providers' and the own-MX pool."""
        return [provider_address(i) for i in range(len(self.m_providers))] + \
            [own_mx_address(i) for i in range(OWN_MX_POOL)]

    def start(self):
        """Make the certificates, zone and configs, start the servers, wait for them."""
        every_address = [topology.NSD, topology.NGINX, MUTE_MX, *self.smtp_addresses()]
        for name in ("dns", "smtp", "https"):
            self.ports[name] = free_port(every_address, avoid=self.ports.values())
        self.ca = ca.TestCA(self.subdir("ca"))
        began = time.monotonic()
        issuer = fast_certs.FastIssuer(self.ca.key_path, self.ca.cert_path, self.subdir("ca"))
        self.write_policy_hosts(issuer)
        sni_entries = self.write_own_mx_certs(issuer) if self.m_smtp else []
        self.timings["certificates and policies"] = time.monotonic() - began
        began = time.monotonic()
        records = [f"{host}. A {provider_address(i)}" for i, host in enumerate(self.m_providers)]
        nsd.start(self.m_processes, self.subdir("dns"), topology.NSD, self.ports["dns"],
                  records + [line for domain in self.m_domains for line in domain.records])
        nginx.start_bulk(self.m_processes, self.subdir("nginx"), [f"{topology.NGINX}:{self.ports['https']}"],
                         self.subdir("nginx/certs"), issuer.key_path, self.subdir("nginx/policies"))
        if self.m_smtp:
            self.start_mx_servers(issuer, sni_entries)
        self.wait_ready(seconds=max(20.0, len(self.m_domains) / 1000))
        self.timings["servers"] = time.monotonic() - began

    def write_policy_hosts(self, issuer):
        """nginx's certs/mta-sts.NAME.pem and policies/mta-sts.NAME.txt of every domain."""
        certs, policies = self.subdir("nginx/certs"), self.subdir("nginx/policies")
        for domain in self.m_domains:
            host = f"mta-sts.{domain.name}"
            if domain.policy_cert is not None:
                sans, kind = domain.policy_cert
                issuer.write(os.path.join(certs, host + ".pem"), sans, kind)
            if domain.policy_body is not None:
                with open(os.path.join(policies, host + ".txt"), "w") as body:
                    body.write(domain.policy_body)

    def write_own_mx_certs(self, issuer):
        """One certificate file per own MX host; returns the SNI map lines (host, key, cert)."""
        directory = self.subdir("postfix-sni")
        entries = []
        for domain in self.m_domains:
            for host, (sans, kind) in domain.own_mx.items():
                entries.append((host, issuer.key_path, issuer.write(os.path.join(directory, host + ".pem"), sans, kind)))
        return entries

    def start_mx_servers(self, issuer, sni_entries):
        """Postfix for the providers and own MX hosts; smtp_faults for the mute MX."""
        directory = self.subdir("postfix")
        provider_cert = issuer.write(os.path.join(directory, "providers.pem"), self.m_providers or ["mx.invalid"])
        sni_map = os.path.join(directory, "sni")
        with open(sni_map, "w") as table:
            table.writelines(f"{host} {key}, {cert}\n" for host, key, cert in sni_entries)
        # postmap reads a main.cf; an empty one in a folder of its own gives it the defaults.
        postmap_conf = self.subdir("postfix/postmap")
        open(os.path.join(postmap_conf, "main.cf"), "w").close()
        made = subprocess.run(["postmap", "-c", postmap_conf, "-F", f"hash:{sni_map}"], capture_output=True, text=True)
        if made.returncode != 0:
            raise RuntimeError("postmap -F of the SNI table failed: " + made.stderr)
        postfix.start(self.m_processes, directory, self.smtp_addresses(), self.ports["smtp"], provider_cert,
                      issuer.key_path, "mx.bulk.test", main_cf_extra=f"tls_server_sni_maps = hash:{sni_map}\n")
        self.fault_specs = [{"address": MUTE_MX, "port": self.ports["smtp"], "behaviour": "mute", "backlog": 4096}]
        self.start_faults()

    def dns_servers(self):
        """nsd, the one DNS server of this lab (wait_ready waits for it)."""
        return [(topology.NSD, self.ports["dns"])]

    def tcp_endpoints(self):
        """nginx and the MX servers (wait_ready waits for them)."""
        endpoints = [(topology.NGINX, self.ports["https"])]
        if self.m_smtp:
            endpoints += [(address, self.ports["smtp"]) for address in [*self.smtp_addresses(), MUTE_MX]]
        return endpoints
