"""Start every server a list of scenarios needs, and tell the binary where they are.

    with Lab(scenarios) as lab:
        subprocess.run([binary, *lab.binary_args(), "--format", "json", "good.test"])

With standard_ports=True the lab also serves DNS on port 53 and HTTPS on port 443 for programs
that cannot be told a port (lab/std_ports.py), e.g. mta-sts-daemon (lab/mta_sts_daemon.py) and the
sending Postfix (lab/sender.py):

    with Lab(scenarios, standard_ports=True) as lab:
        daemon = mta_sts_daemon.start(lab)
        subprocess.run(lab.private_resolver(["getent", "hosts", "mx1.good.test"]))
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from . import ca, dnssec, generated, nginx, nsd, postfix, std_ports, topology, unbound
from .dns_client import dns_query
from .processes import ProcessGroup, free_port, wait_for_tcp
from .scenarios import INFRA_RECORDS, POSTFIX_NAMES

LAB_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDRESS_RECORD = re.compile(r"^(\S+)\s+(A|AAAA)\s+(\S+)$")


class Lab:
    """The running lab for a list of scenarios.

    address_map: optional function applied to every address published in DNS (the latency bench
    puts delaying relays at other addresses in front of the servers).
    standard_ports: also serve DNS on topology.STD_DNS:53 and HTTPS on port 443, holding the
    machine-wide std_ports.StdPortsLock from start() to stop(); see lab/std_ports.py.
    """

    def __init__(self, scenarios, workdir=None, address_map=None, dns_delay_ms=0, standard_ports=False):
        self.m_scenarios = list(scenarios)
        self.m_own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="mtasts-lab-")
        os.chmod(self.dir, 0o755)  # postfix daemons run as user postfix and must reach their queue
        self.m_map = address_map or (lambda address: address)
        self.m_dns_delay_ms = dns_delay_ms
        self.m_processes = ProcessGroup()
        self.standard_ports = standard_ports
        self.m_std_lock = std_ports.StdPortsLock() if standard_ports else None
        self.resolv_conf = None  # with standard_ports: the resolv.conf naming the port-53 proxy
        self.ports = {}
        self.fault_specs = []
        self.https_fault_specs = []
        self.generated = []  # (policy host, generated nginx configuration, its folder)
        self.m_zone = None  # (nsd's Popen, zone lines of the scenarios) once DNS runs
        self.m_published = {}  # domain -> zone lines a test published at run time (publish)
        self.m_serial = 1
        self.m_nginx = None  # what start_nginx wrote, to rewrite it (serve_generated)

    # --- public ---------------------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def resolver_of(self, scenario):
        """The --resolver a scenario runs with: the DNS proxy, or unbound when it checks DANE."""
        if scenario.resolver == "validating":
            return f"{topology.VALIDATOR}:{self.ports['dns']}"
        return None

    @property
    def processes(self):
        """The ProcessGroup of this lab's servers: what is started in it is stopped with the lab."""
        return self.m_processes

    def private_resolver(self, argv):
        """argv wrapped to run with the lab DNS (port 53) as /etc/resolv.conf (standard_ports only)."""
        if not self.standard_ports:
            raise RuntimeError("private_resolver needs Lab(..., standard_ports=True)")
        return std_ports.private_resolver(self.resolv_conf, argv)

    def binary_args(self, resolver=None):
        """The options that point mta-sts-check at this lab."""
        return ["--resolver", resolver or f"{topology.DNS_PROXY}:{self.ports['dns']}", "--ca-file", self.ca.cert_path,
                "--smtp-port", str(self.ports["smtp"]), "--https-port", str(self.ports["https"])]

    def publish(self, domain, lines):
        """Publish zone lines (absolute names) for a domain of a test's own, in place of those
        published for it before; nsd serves them when this returns. Scenario records stay."""
        self.m_published[domain] = [self.map_record(line) for line in lines]
        self.m_serial += 1
        child, records = self.m_zone
        every = records + [line for lines in self.m_published.values() for line in lines]
        nsd.reload(child, self.subdir("dns"), topology.NSD, self.ports["dns"], every, self.m_serial)

    def serve_generated(self, host, conf, folder):
        """Serve host through generate's nginx configuration `conf` (the files of `generate
        --out folder`; lab/generated.py adapts it as the generated scenario does) on the running
        nginx: its configuration is rewritten and reloaded. The policy file then lives at
        generated.policy_path(folder), where a test may rewrite it."""
        listen = [f"{topology.NGINX}:{port}" for port in self.https_ports()]
        self.m_nginx["extra"].append(generated.nginx_server(conf, host, folder, listen, self.ca.issue([host])))
        nginx.reload(self.m_nginx["child"], self.subdir("nginx"), listen, **self.nginx_config())

    def start(self):
        """Make the CA and certificates, write the configs, start the servers, wait for them."""
        if self.m_std_lock is not None:
            self.m_std_lock.acquire()
            self.resolv_conf = std_ports.write_resolv_conf(self.dir)
        every_address = [topology.DNS_PROXY, topology.NSD, topology.VALIDATOR, topology.NGINX, topology.REFUSED, topology.BLACKHOLE,
                         *topology.POSTFIX]
        self.ports["dns"] = free_port(every_address)
        self.ports["smtp"] = free_port(every_address, avoid=self.ports.values())
        self.ports["https"] = free_port(every_address, avoid=self.ports.values())
        self.ca = ca.TestCA(self.subdir("ca"))
        # Issued before the zone is written: DANE scenarios publish TLSA records of its key.
        self.postfix_cert = self.ca.issue(POSTFIX_NAMES)
        records, rules, policy_hosts = self.plan()
        self.start_dns(records, rules)
        self.start_nginx(policy_hosts)
        self.start_postfix()
        self.start_faults()
        self.wait_ready()

    def stop(self):
        """Stop every server by PID; remove the temp dir unless MTASTS_LAB_KEEP is set."""
        self.m_processes.stop()
        if self.m_std_lock is not None:
            self.m_std_lock.release()
        if self.m_own_dir and not os.environ.get("MTASTS_LAB_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- planning ---------------------------------------------------------------------------------
    def subdir(self, name):
        path = os.path.join(self.dir, name)
        os.makedirs(path, exist_ok=True)
        return path

    def plan(self):
        """Zone lines, DNS fault rules and policy hosts of all scenarios; fault servers assigned."""
        records, rules, policy_hosts = list(INFRA_RECORDS), {}, []
        https_fault_index = 0
        for scenario in self.m_scenarios:
            domain = scenario.domain
            records += [line.replace("{d}", domain).replace("{postfix_spki_sha256}", self.postfix_spki_sha256())
                        for line in scenario.records]
            rules.update(scenario.dns_faults)
            if scenario.generated is not None:
                records += self.plan_generated(scenario)
            if scenario.policy is not None:
                host = scenario.policy
                host.name = f"mta-sts.{domain}"
                if host.server == "nginx":
                    addresses = [topology.NGINX]
                    policy_hosts.append(host)
                else:
                    https_fault_index += 1
                    address = f"127.0.81.{https_fault_index}"
                    addresses = [address]
                    cert, key = self.ca.issue(host.cert_names or [host.name], kind=host.cert)
                    for port in self.https_ports():
                        self.https_fault_specs.append({"address": address, "port": port,
                                                       "behaviour": host.server, "delay": host.delay,
                                                       "cert": cert, "key": key, "body": host.body})
                owner = host.name
                if scenario.policy_cname:
                    owner = scenario.policy_cname.replace("{d}", domain)
                    records.append(f"{host.name}. CNAME {owner}.")
                for address in scenario.policy_addresses or addresses:
                    records.append(f"{owner}. {'AAAA' if ':' in address else 'A'} {address}")
            for fault in scenario.faults:
                address = topology.fault_address(len(self.fault_specs))
                name = fault.host.replace("{d}", domain)
                cert, key = self.ca.issue(fault.cert_names if fault.cert_names is not None else [name], cn=fault.cn,
                                          kind=fault.cert)
                self.fault_specs.append({"address": address, "port": self.ports["smtp"], "behaviour": fault.behaviour,
                                         "cert": cert, "key": key})
                records.append(f"{name}. A {address}")
        self.fault_specs.append({"address": topology.BLACKHOLE, "port": self.ports["smtp"], "behaviour": "blackhole"})
        return [self.map_record(line) for line in records], rules, policy_hosts

    def plan_generated(self, scenario):
        """Run generate for the scenario; its zone lines, and the policy host on nginx."""
        folder = self.subdir(os.path.join("generated", scenario.domain))
        lines, conf = generated.generate(scenario.domain, scenario.generated, folder)
        host = f"mta-sts.{scenario.domain}"
        self.generated.append((host, conf, folder))
        return lines + [f"{host}. A {topology.NGINX}"]

    def https_ports(self):
        """The ports every HTTPS server listens on: the lab's high port, and 443 with standard_ports."""
        return [self.ports["https"]] + ([topology.STD_HTTPS_PORT] if self.standard_ports else [])

    def postfix_spki_sha256(self):
        """SHA-256 of the Postfix certificate's SubjectPublicKeyInfo, hex: TLSA 3 1 1 data."""
        pem = subprocess.run(["openssl", "x509", "-in", self.postfix_cert[0], "-pubkey", "-noout"], check=True,
                             capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pem, check=True,
                             capture_output=True).stdout
        return hashlib.sha256(der).hexdigest()

    def map_record(self, line):
        match = ADDRESS_RECORD.match(line)
        if not match:
            return line
        return f"{match.group(1)} {match.group(2)} {self.m_map(match.group(3))}"

    # --- servers --------------------------------------------------------------------------------
    def start_dns(self, records, rules):
        directory = self.subdir("dns")
        # Each signed scenario is a child zone of test. of its own, with its own trust anchor.
        signed, anchors = [], []
        for origin in sorted(s.domain for s in self.m_scenarios if s.signed):
            below = [line for line in records if dnssec.owned_by(line, origin)]
            records = [line for line in records if not dnssec.owned_by(line, origin)] + [f"{origin}. NS ns.test."]
            zone, anchor = dnssec.sign_zone(directory, origin, below)
            signed.append((origin, zone))
            anchors.append(anchor)
        self.m_zone = (nsd.start(self.m_processes, directory, topology.NSD, self.ports["dns"], records, signed), records)
        if any(s.resolver == "validating" for s in self.m_scenarios):
            unbound.start(self.m_processes, directory, topology.VALIDATOR, self.ports["dns"],
                          f"{topology.NSD}@{self.ports['dns']}", anchors)
        rules_path = os.path.join(directory, "faults.txt")
        with open(rules_path, "w") as rules_file:
            for name, action in sorted(rules.items()):
                rules_file.write(f"{name} {action}\n")
        proxies = [("dns_proxy", f"{topology.DNS_PROXY}:{self.ports['dns']}")]
        if self.standard_ports:
            proxies.append(("dns_proxy_std", f"{topology.STD_DNS}:{topology.STD_DNS_PORT}"))
        for name, listen in proxies:
            self.m_processes.start(name, [
                sys.executable, "-m", "lab.dns_proxy", "--listen", listen,
                "--upstream", f"{topology.NSD}:{self.ports['dns']}", "--rules", rules_path,
                "--delay-ms", str(self.m_dns_delay_ms)],
                os.path.join(directory, name + ".out"), env=self.python_env())

    def start_nginx(self, hosts):
        directory = self.subdir("nginx")
        certs = {}
        for host in hosts:
            certs[host.name] = self.ca.issue(host.cert_names or [host.name], kind=host.cert)
        default_cert = self.ca.issue(["default.invalid"])
        listen = [f"{topology.NGINX}:{port}" for port in self.https_ports()]
        extra = [generated.nginx_server(conf, host, folder, listen, self.ca.issue([host]))
                 for host, conf, folder in self.generated]
        self.m_nginx = {"hosts": hosts, "certs": certs, "default_cert": default_cert, "extra": extra}
        self.m_nginx["child"] = nginx.start(self.m_processes, directory, listen, **self.nginx_config())

    def nginx_config(self):
        """The arguments of nginx.write_config that start_nginx chose (serve_generated adds to them)."""
        config = self.m_nginx
        return {"hosts": config["hosts"], "certs": config["certs"], "default_cert": config["default_cert"],
                "extra_servers": "".join(config["extra"])}

    def start_postfix(self):
        cert, key = self.postfix_cert
        postfix.start(self.m_processes, self.subdir("postfix"), topology.POSTFIX, self.ports["smtp"], cert, key,
                      POSTFIX_NAMES[0])

    def start_faults(self):
        directory = self.subdir("faults")
        for name, specs, module in (("smtp_faults", self.fault_specs, "lab.smtp_faults"),
                                    ("https_faults", self.https_fault_specs, "lab.https_faults")):
            if not specs:
                continue
            config = os.path.join(directory, name + ".json")
            with open(config, "w") as config_file:
                json.dump(specs, config_file, indent=1)
            self.m_processes.start(name, [sys.executable, "-m", module, config], os.path.join(directory, name + ".out"),
                                   env=self.python_env())

    def python_env(self):
        return dict(os.environ, PYTHONPATH=LAB_PACKAGE_PARENT)

    def dns_servers(self):
        """(address, port) of every DNS server wait_ready waits for."""
        servers = [(topology.DNS_PROXY, self.ports["dns"])]
        if self.standard_ports:
            servers.append((topology.STD_DNS, topology.STD_DNS_PORT))
        if any(s.resolver == "validating" for s in self.m_scenarios):
            servers.append((topology.VALIDATOR, self.ports["dns"]))
        return servers

    def tcp_endpoints(self):
        """(address, port) of every TCP server wait_ready waits for."""
        endpoints = [(topology.NGINX, port) for port in self.https_ports()]
        endpoints += [(address, self.ports["smtp"]) for address in topology.POSTFIX]
        endpoints += [(spec["address"], spec["port"]) for spec in self.fault_specs + self.https_fault_specs
                      if spec["behaviour"] != "blackhole"]
        return endpoints

    def wait_ready(self, seconds=20.0):
        """Wait until every server answers; raise with the dead server's log if one died."""
        deadline = time.monotonic() + seconds
        while True:
            self.m_processes.check_alive()
            try:
                for address, port in self.dns_servers():
                    dns_query(address, port, "ns.test")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the lab DNS does not answer")
        for host, port in self.tcp_endpoints():
            self.m_processes.check_alive()
            wait_for_tcp(host, port, max(1.0, deadline - time.monotonic()))
        self.m_processes.check_alive()
