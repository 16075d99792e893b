"""Standard ports for the programs of the lab that cannot be told a port or a resolver.

mta-sts-daemon (postfix-mta-sts-resolver) resolves with aiodns/c-ares and getaddrinfo, both
reading /etc/resolv.conf, which names no port (53), and fetches
https://mta-sts.DOMAIN/.well-known/mta-sts.txt on port 443 (RFC 8461 §3.3). A sending Postfix
resolves MX hosts through /etc/resolv.conf too. So when a lab runs with `standard_ports=True`
(lab/world.py):

- a DNS proxy (lab/dns_proxy.py, same fault rules as the --resolver one) listens on
  topology.STD_DNS port 53, and `resolv.conf` in the lab dir names it;
- nginx and the https fault servers listen on port 443 as well as on the lab's high port;
- such programs run in a private mount namespace in which that resolv.conf is bind-mounted over
  /etc/resolv.conf (`private_resolver`): same network namespace, so every lab server is
  reachable, and the machine's /etc/resolv.conf is never touched.

Those addresses and ports are fixed, so two such labs at once would collide: the lab holds
`StdPortsLock` (an exclusive flock) for its whole life, and a second run waits for the first.
"""
import fcntl
import os
import time

from . import topology

LOCK_PATH = "/run/lock/mtasts-lab-std-ports.lock"

# Short retries so that a dropped query (the timeout scenarios) costs seconds, not a minute.
RESOLV_CONF = f"nameserver {topology.STD_DNS}\noptions timeout:2 attempts:2\n"

# unshare(1) without --fork execs the shell in the new mount namespace, the shell bind-mounts the
# lab's resolv.conf and execs the program: one PID all along, so ProcessGroup can stop it by PID.
MOUNT_AND_EXEC = 'mount --bind "$0" /etc/resolv.conf && exec "$@"'


class StdPortsLock:
    """An exclusive flock on LOCK_PATH, held from acquire() to release(): one lab with standard
    ports at a time on this machine (others wait up to `wait` seconds, then fail)."""

    def __init__(self, path=LOCK_PATH):
        self.m_path = path
        self.m_fd = None

    def acquire(self, wait=900.0):
        os.makedirs(os.path.dirname(self.m_path), exist_ok=True)
        self.m_fd = os.open(self.m_path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self.m_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self.m_fd)
                    self.m_fd = None
                    raise RuntimeError(f"another lab holds {self.m_path} (standard ports) for over {wait} s")
                time.sleep(0.5)

    def release(self):
        if self.m_fd is not None:
            os.close(self.m_fd)  # closing the descriptor drops the flock
            self.m_fd = None


def write_resolv_conf(directory):
    """Write the lab's resolv.conf (naming topology.STD_DNS) into directory; return its path."""
    path = os.path.join(directory, "resolv.conf")
    with open(path, "w") as out:
        out.write(RESOLV_CONF)
    return path


def private_resolver(resolv_conf, argv):
    """argv wrapped so that it runs with resolv_conf as its /etc/resolv.conf (a private mount
    namespace: `unshare --mount --propagation private`); needs root."""
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", MOUNT_AND_EXEC, resolv_conf, *argv]
