"""A real sending MTA in the lab: a second private Postfix instance that delivers through
Debian's mta-sts-daemon (lab/mta_sts_daemon.py), one message to each chosen MX host, and reads
from its maillog what it did.

    with Lab(scenarios, standard_ports=True) as lab:
        daemon = mta_sts_daemon.start(lab)
        postfix = sender.start(lab, daemon, sender.routes_of(scenarios), lab.ports["smtp"])
        deliveries = postfix.deliver()         # {(domain, mx_host): Delivery}

The instance (in `sender/` of the lab dir):
- its own config and queue directories, no smtpd listener at all: mail is injected with
  `sendmail -C DIR` and pushed with `postqueue -c DIR -f`;
- `inet_interfaces = topology.SENDER_OWN`, an address no lab server uses, so that Postfix does
  not take the lab MX addresses (127.0.25.x, ::1) for its own ("mail loops back to myself");
- `smtp_tls_security_level = may`, Debian's OpenSSL settings untouched (no protocol or cipher
  option is lowered), the lab CA trusted with smtp_tls_CAfile, short connect/HELO/STARTTLS
  timeouts, `maillog_file` in the sender dir, no retries during a lab run;
- `smtp_tls_policy_maps = socketmap:...:postfix` answered by mta-sts-daemon, as a stock setup
  has it. To deliver to one chosen MX host, each recipient domain has its own smtp transport,
  and transport_maps sends recipient "MXHOST@DOMAIN" to `TRANSPORT:[MXHOST]:PORT`. Postfix keys
  the policy lookup by that next hop ("[MXHOST]:PORT"), so the transport's policy map is
  lab/socketmap_shim.py, which asks the daemon for DOMAIN and relays its answer unchanged. The
  shim asks the daemon's strict_testing zone: testing-mode policies are applied as if enforced,
  because `deliverable_under_policy` answers for "a sender that honours the policy in enforce
  mode" (man/mta-sts-check.1). mode none, and no valid policy, give NOTFOUND as in any zone.
- Postfix resolves the MX host's A/AAAA through the lab DNS (private resolv.conf,
  lab/std_ports.py), sends SNI = the MX host name (the daemon's servername=hostname), and checks
  the certificate against the daemon's match= list.

What "delivered" means (Delivery.outcome): the lab's MX servers accept no mail (every recipient,
or MAIL FROM, gets a 5xx), so no message is ever really delivered. A sender hands the message
over once it has (1) completed the TLS handshake, (2) verified the certificate against the policy
(Postfix logs "Verified TLS connection established") and (3) had its EHLO after TLS answered
250. (3) shows as a reply to a later command (MAIL FROM, RCPT TO, DATA) in the final status:
Postfix sends MAIL FROM only after a 250 to that EHLO. So "delivered" = a Verified TLS session
and a final status that names a reply to MAIL FROM or later (or status=sent).
"""
import json
import os
import pwd
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

from . import mta_sts_daemon, topology
from .postfix import MASTER_CF_SERVICES
from .processes import free_port, wait_for_tcp

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/queue
data_directory = {dir}/data
mail_owner = postfix
myhostname = sender.lab.test
mydomain = lab.test
myorigin = lab.test
mydestination =
relayhost =
# No lab server's address is "ours" (mail to the lab MX would otherwise loop back to myself).
inet_interfaces = {own}
inet_protocols = all
alias_maps =
alias_database =
notify_classes =
transport_maps = texthash:{dir}/conf/transport
default_transport = error:5.1.2 the lab sender delivers only to routed test recipients
# One attempt per run: deferred mail stays deferred until the lab is gone.
queue_run_delay = 3600s
minimal_backoff_time = 3600s
maximal_backoff_time = 3600s
smtp_tls_security_level = may
smtp_tls_policy_maps = {policy_map}
smtp_tls_CAfile = {ca}
smtp_tls_loglevel = 1
smtp_connection_cache_on_demand = no
smtp_connect_timeout = 3s
# The lab's slow-greeting MX greets after 5 s (like postscreen); a sender waits for it.
smtp_helo_timeout = 10s
smtp_starttls_timeout = 5s
smtp_mail_timeout = 10s
smtp_rcpt_timeout = 10s
smtp_quit_timeout = 5s
maillog_file = {dir}/maillog
maillog_file_prefixes = {dir}
"""

# One smtp transport per recipient domain: its TLS policy comes from the shim for that domain,
# and its log lines carry its name.
TRANSPORT_CF = "{name} unix - - n - - smtp -o smtp_tls_policy_maps=socketmap:inet:127.0.0.1:{shim}:{domain}" \
               " -o syslog_name=sender/{name}\n"

# "Nov 30 06:42:02 sender sender/sts000/smtp[23249]: TEXT" (maillog_file, syslog time format)
LOG_LINE = re.compile(r"^\w+ +\d+ [\d:]+ \S+ sender/(?P<transport>[\w-]+)/smtp\[(?P<pid>\d+)\]: (?P<text>.*)$")
STATUS = re.compile(r"^(?P<qid>[0-9A-F]+): to=<(?P<rcpt>[^>]+)>, relay=(?P<relay>\S+), .*?dsn=(?P<dsn>[\d.]+), "
                    r"status=(?P<status>\w+) \((?P<reason>.*)\)$")
# Replies to these commands come after the EHLO that follows STARTTLS was answered 250.
AFTER_EHLO = ("in reply to MAIL FROM command", "in reply to RCPT TO command", "in reply to DATA command",
              "in reply to end of DATA command")


@dataclass
class Route:
    """One message: to MX host `mx` of `domain`, through the domain's own transport."""
    domain: str
    mx: str
    transport: str = ""

    @property
    def recipient(self):
        return f"{self.mx}@{self.domain}"


@dataclass
class Delivery:
    """What Postfix did with one route: its final status line and the session lines before it."""
    route: Route
    status: str | None = None        # sent | bounced | deferred | None (no final status in time)
    dsn: str = ""
    relay: str = ""
    reason: str = ""
    policy: str | None = None        # the daemon's answer via the shim ("OK secure match=...", "NOTFOUND ")
    lines: list = field(default_factory=list)   # this transport's log lines for this MX host

    @property
    def policy_in_force(self):
        return self.policy is not None and self.policy.startswith("OK ") and " secure" in " " + self.policy[3:]

    @property
    def verified(self):
        return any(line.startswith("Verified TLS connection established to " + self.route.mx + "[")
                   for line in self.lines)

    @property
    def outcome(self):
        """delivered | refused | unreachable | no-address | no-policy (see the module doc), or
        unknown: no final status in time, or the policy lookup itself failed (a lab fault)."""
        if self.status is None or self.policy is None or self.policy.startswith("TEMP"):
            return "unknown"
        if not self.policy_in_force:
            return "no-policy"
        if self.status == "sent" or (self.verified and any(text in self.reason for text in AFTER_EHLO)):
            return "delivered"
        if "Host or domain name not found" in self.reason and "type=A" in self.reason \
                and "try again" not in self.reason:  # NXDOMAIN or no A/AAAA; "try again" is temporary
            return "no-address"
        if self.network_failure():
            return "unreachable"
        return "refused"

    def network_failure(self):
        """Every attempt failed for a network reason: connect refused or timed out, a temporary DNS
        failure (lines "connect to HOST[IP]:PORT: Connection refused" etc.), or the server stopped
        answering ("conversation with HOST[IP] timed out while ...")."""
        if "Host or domain name not found. Name service error" in self.reason and "Host not found, try again" \
                in self.reason:
            return True
        if self.reason.startswith("conversation with ") and " timed out while " in self.reason:
            return True
        if not self.reason.startswith("connect to "):
            return False
        attempts = [line for line in self.lines if line.startswith("connect to ")]
        talked = [line for line in self.lines if "TLS connection established" in line or "said:" in line]
        return bool(attempts) and not talked

    def summary(self):
        """One line: status, dsn and reason as Postfix logged them, plus the TLS line(s)."""
        tls = [line.split("]", 1)[0] + "]" for line in self.lines if "TLS connection established" in line]
        return f"{self.status} {self.dsn} ({self.reason})" + (f" [{'; '.join(tls)}]" if tls else "")


def mx_hosts(scenario):
    """The MX host names a scenario publishes for its domain, by preference; the domain itself
    when it publishes no MX but an address (RFC 5321 §5.1 implicit MX); none for a null MX."""
    domain = scenario.domain
    hosts, has_address = [], False
    for line in scenario.records:
        parts = line.replace("{d}", domain).split()
        if not parts or parts[0].rstrip(".") != domain:
            continue
        if parts[1] == "MX" and parts[3] != ".":
            hosts.append((int(parts[2]), parts[3].rstrip(".")))
        elif parts[1] == "MX":
            hosts.append((int(parts[2]), None))
        elif parts[1] in ("A", "AAAA"):
            has_address = True
    if not hosts:
        return [domain] if has_address else []
    return [host for _, host in sorted(hosts) if host is not None]


def routes_of(scenarios):
    """One Route per MX host of each scenario, each domain with its transport (stsNNN)."""
    routes = []
    for index, scenario in enumerate(scenarios):
        for host in mx_hosts(scenario):
            routes.append(Route(scenario.domain, host, f"sts{index:03d}"))
    return routes


class Sender:
    """The running sender Postfix; deliver() sends one message to every route."""

    def __init__(self, lab, directory, routes, shim_log):
        self.m_lab = lab
        self.dir = directory
        self.conf = os.path.join(directory, "conf")
        self.maillog = os.path.join(directory, "maillog")
        self.shim_log = shim_log
        self.routes = routes

    def deliver(self, timeout=90.0):
        """Inject one message for all routes, flush the queue, wait until each recipient has a
        final status (or timeout seconds pass); return {(domain, mx): Delivery}."""
        recipients = [route.recipient for route in self.routes]
        message = ("From: lab sender <sender@lab.test>\nTo: lab recipients <sender@lab.test>\n"
                   "Subject: mta-sts-check lab: does a real sender deliver here?\n\nlab message\n")
        subprocess.run(["sendmail", "-C", self.conf, "-f", "", "-i", "--", *recipients], input=message.encode(),
                       check=True, timeout=30)
        subprocess.run(["postqueue", "-c", self.conf, "-f"], check=True, timeout=30)
        deadline = time.monotonic() + timeout
        while True:
            deliveries = self.read_log()
            if all(delivery.status for delivery in deliveries.values()) or time.monotonic() > deadline:
                return deliveries
            time.sleep(0.5)

    def read_log(self):
        """Parse the maillog and the shim log into one Delivery per route."""
        by_recipient = {route.recipient: Delivery(route) for route in self.routes}
        by_transport_host = {(route.transport, route.mx.lower()): by_recipient[route.recipient]
                             for route in self.routes}
        policies = {}
        if os.path.exists(self.shim_log):
            with open(self.shim_log) as shim:
                for line in shim:
                    entry = json.loads(line)
                    policies[entry["domain"]] = entry["answer"]
        if os.path.exists(self.maillog):
            with open(self.maillog, errors="replace") as log:
                for line in log:
                    match = LOG_LINE.match(line.rstrip("\n"))
                    if not match:
                        continue
                    self.take_line(match, by_recipient, by_transport_host)
        for delivery in by_recipient.values():
            delivery.policy = policies.get(delivery.route.domain)
        return {(d.route.domain, d.route.mx): d for d in by_recipient.values()}

    @staticmethod
    def take_line(match, by_recipient, by_transport_host):
        text = match.group("text")
        status = STATUS.match(text)
        if status:
            delivery = by_recipient.get(status.group("rcpt").lower())
            if delivery is not None:
                delivery.status = status.group("status")
                delivery.dsn = status.group("dsn")
                delivery.relay = status.group("relay")
                delivery.reason = status.group("reason")
                delivery.lines.append(text)
            return
        # Session lines name the host: "... to HOST[IP]:PORT", "connect to HOST[IP]:PORT: ...",
        # "SSL_connect error to HOST[IP]:PORT", "... for HOST[IP]:PORT: ...".
        host = re.search(r"(?:to|for) ([^\s\[]+)\[", text)
        if host:
            delivery = by_transport_host.get((match.group("transport"), host.group(1).lower()))
            if delivery is not None:
                delivery.lines.append(text)


def start(lab, daemon, routes, smtp_port):
    """Configure and start the sender Postfix and its socketmap shim for routes (routes_of);
    smtp_port: the port every lab MX listens on. Needs Lab(..., standard_ports=True)."""
    directory = lab.subdir("sender")
    conf = os.path.join(directory, "conf")
    for sub in ("conf", "queue", "data"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    os.chmod(directory, 0o755)
    owner = pwd.getpwnam("postfix")
    os.chown(os.path.join(directory, "data"), owner.pw_uid, owner.pw_gid)

    shim_port = free_port(["127.0.0.1"], avoid=[*lab.ports.values(), daemon.port])
    shim_log = os.path.join(directory, "shim.log")
    lab.processes.start("socketmap_shim", [sys.executable, "-m", "lab.socketmap_shim", "--listen", str(shim_port),
                                           "--daemon", str(daemon.port), "--zone", mta_sts_daemon.STRICT_ZONE,
                                           "--log", shim_log],
                        os.path.join(directory, "shim.out"), env=lab.python_env())

    with open(os.path.join(conf, "main.cf"), "w") as main_cf:
        main_cf.write(MAIN_CF.format(dir=directory, own=topology.SENDER_OWN, policy_map=daemon.map_spec(),
                                     ca=lab.ca.cert_path))
    with open(os.path.join(conf, "master.cf"), "w") as master_cf:
        master_cf.write(MASTER_CF_SERVICES)
        for domain, transport in sorted({(route.domain, route.transport) for route in routes}):
            master_cf.write(TRANSPORT_CF.format(name=transport, shim=shim_port, domain=domain))
    with open(os.path.join(conf, "transport"), "w") as transport_map:
        for route in routes:
            transport_map.write(f"{route.recipient} {route.transport}:[{route.mx}]:{smtp_port}\n")
    check = subprocess.run(["postfix", "-c", conf, "check"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("postfix check (sender) failed: " + check.stdout + check.stderr)
    daemon_directory = subprocess.run(["postconf", "-c", conf, "-h", "daemon_directory"], capture_output=True,
                                      text=True, check=True).stdout.strip()
    env = dict(lab.python_env(), MAIL_CONFIG=conf)
    lab.processes.start("postfix_sender", lab.private_resolver(
        [sys.executable, "-m", "lab.supervise", os.path.join(daemon_directory, "master"), "-s"]),
        os.path.join(directory, "master.out"), env=env)
    wait_for_tcp("127.0.0.1", shim_port)
    wait_master(conf)
    return Sender(lab, directory, routes, shim_log)


def wait_master(conf, seconds=20.0):
    """Wait until the master runs (postfix status) so that postqueue -f reaches it."""
    deadline = time.monotonic() + seconds
    while subprocess.run(["postfix", "-c", conf, "status"], capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the sender Postfix did not start (see {conf}/../master.out)")
        time.sleep(0.2)
