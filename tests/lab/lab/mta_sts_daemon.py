"""Debian's postfix-mta-sts-resolver (`mta-sts-daemon`) in the lab: a real MTA-STS implementation
that answers Postfix's smtp_tls_policy_maps over the socketmap protocol.

    with Lab(scenarios, standard_ports=True) as lab:
        daemon = mta_sts_daemon.start(lab)
        daemon.query("good.test")            # 'OK secure match=mx1.good.test:mx2.good.test servername=hostname'
        daemon.query("policy-testing.test")  # 'NOTFOUND ' (testing mode is not enforced, RFC 8461 §5)
        daemon.query("policy-testing.test", zone=mta_sts_daemon.STRICT_ZONE)  # 'OK secure match=...'
        daemon.map_spec()                    # 'socketmap:inet:127.0.0.1:PORT:postfix' for main.cf

It needs Lab(..., standard_ports=True) (lab/std_ports.py): the daemon finds the _mta-sts TXT
record through /etc/resolv.conf (port 53) and fetches the policy from port 443, so it runs in a
private mount namespace whose resolv.conf names the lab DNS, with SSL_CERT_FILE set to the lab CA
(aiohttp's default SSL context loads the default verify paths, which honour it). Its cache is the
in-memory one, so every lab run starts cold. It is a child of the lab's ProcessGroup: stopped by
PID with the lab. Its log (debug level) is `mta-sts-daemon/daemon.log` in the lab dir.

Zones (socketmap names): DEFAULT_ZONE ("postfix", what a stock Postfix setup uses) does not
enforce testing-mode policies (strict_testing: false, RFC 8461 §5); STRICT_ZONE enforces them as
if they were in enforce mode (strict_testing: true), which is the question
`deliverable_under_policy` answers ("a sender that honours the policy in enforce mode").
"""
import os
import socket
import time

from .processes import free_port

DEFAULT_ZONE = "postfix"
STRICT_ZONE = "enforce-testing"
DAEMON = "/usr/bin/mta-sts-daemon"
# Seconds for each DNS lookup and for the whole policy fetch. RFC 8461 §3.3 leaves the timeout to
# the sender; 10 s keeps the lab's slow policy host (5 s) within it and its hung one (20 s) out.
TIMEOUT = 10

CONFIG = """\
host: 127.0.0.1
port: {port}
# reuse_port false crashes this version (responder.py builds no socket options then); the port is
# picked free by the lab, so nothing else shares it.
reuse_port: true
shutdown_timeout: 2
cache:
  type: internal
  options:
    cache_size: 10000
default_zone:
  strict_testing: false
  timeout: {timeout}
zones:
  {default_zone}:
    strict_testing: false
    timeout: {timeout}
  {strict_zone}:
    strict_testing: true
    timeout: {timeout}
"""


def netstring(data):
    """One netstring (the socketmap framing): b"LEN:DATA,"."""
    return str(len(data)).encode() + b":" + data + b","


def read_netstring(sock, limit=100000):
    """Read one netstring from a blocking socket and return its payload."""
    length = b""
    while True:
        byte = sock.recv(1)
        if not byte:
            raise ConnectionError("socketmap peer closed the connection")
        if byte == b":":
            break
        if not byte.isdigit() or len(length) > 6:
            raise ValueError(f"bad netstring length {length + byte!r}")
        length += byte
    size = int(length)
    if size > limit:
        raise ValueError(f"netstring of {size} bytes")
    data = b""
    while len(data) < size + 1:
        chunk = sock.recv(size + 1 - len(data))
        if not chunk:
            raise ConnectionError("socketmap peer closed the connection")
        data += chunk
    if data[-1:] != b",":
        raise ValueError("netstring without its trailing comma")
    return data[:-1]


def socketmap_query(port, name, key, host="127.0.0.1", timeout=30.0):
    """One socketmap request "NAME KEY" to host:port; the reply as text ("OK ...", "NOTFOUND ")."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(netstring(f"{name} {key}".encode()))
        return read_netstring(sock).decode()


class Daemon:
    """A running mta-sts-daemon: its port, config, log, and a socketmap client."""

    def __init__(self, port, config_path, log_path, process):
        self.port = port
        self.config_path = config_path
        self.log_path = log_path
        self.process = process

    def map_spec(self, zone=DEFAULT_ZONE):
        """The Postfix lookup table that asks this daemon: socketmap:inet:127.0.0.1:PORT:ZONE."""
        return f"socketmap:inet:127.0.0.1:{self.port}:{zone}"

    def query(self, domain, zone=DEFAULT_ZONE, timeout=30.0):
        """What the daemon tells Postfix for domain: "OK secure match=A:B servername=hostname"
        (a policy in force; "*.d" patterns come back as ".d") or "NOTFOUND " (none)."""
        return socketmap_query(self.port, zone, domain, timeout=timeout)

    def wait_ready(self, seconds=15.0):
        deadline = time.monotonic() + seconds
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"mta-sts-daemon exited with {self.process.returncode}; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"mta-sts-daemon does not listen on 127.0.0.1:{self.port}; see {self.log_path}")
                time.sleep(0.1)


def start(lab, timeout=TIMEOUT):
    """Start mta-sts-daemon for a running Lab(..., standard_ports=True); return a ready Daemon.
    The config and log go to `mta-sts-daemon/` in the lab dir."""
    directory = lab.subdir("mta-sts-daemon")
    port = free_port(["127.0.0.1"], avoid=lab.ports.values())
    config_path = os.path.join(directory, "mta-sts-daemon.yml")
    with open(config_path, "w") as config:
        config.write(CONFIG.format(port=port, timeout=timeout, default_zone=DEFAULT_ZONE, strict_zone=STRICT_ZONE))
    log_path = os.path.join(directory, "daemon.log")
    env = dict(os.environ, SSL_CERT_FILE=lab.ca.cert_path)
    for proxy in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(proxy, None)  # the daemon honours proxies from the environment; the lab has none
    # --disable-uvloop: the stock asyncio loop, the same one whichever python3-uvloop is installed.
    process = lab.processes.start("mta-sts-daemon", lab.private_resolver(
        [DAEMON, "-c", config_path, "-v", "debug", "-l", log_path, "--disable-uvloop"]),
        os.path.join(directory, "daemon.out"), env=env)
    daemon = Daemon(port, config_path, log_path, process)
    daemon.wait_ready()
    return daemon
