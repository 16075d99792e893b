"""Child processes of the lab: started once, always stopped by PID (even on failure)."""
import atexit
import ctypes
import os
import signal
import socket
import subprocess
import time

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """In the child before exec: get SIGTERM when the lab process dies, even by SIGKILL (a
    ctest timeout), so that no server outlives the run."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class ProcessGroup:
    """The servers one lab run started; stop() ends each one by its PID."""

    def __init__(self):
        self.m_children = []
        atexit.register(self.stop)

    def start(self, name, argv, log_path, env=None):
        """Start argv in the background with stdout/stderr to log_path; return the Popen."""
        log = open(log_path, "ab")
        child = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 env=env, start_new_session=True, preexec_fn=die_with_parent)
        log.close()
        self.m_children.append((name, child, log_path))
        return child

    def check_alive(self):
        """Raise when a server died early (its log tells why)."""
        for name, child, log_path in self.m_children:
            if child.poll() is not None:
                with open(log_path, "rb") as log:
                    tail = log.read()[-2000:].decode(errors="replace")
                raise RuntimeError(f"{name} exited with {child.returncode}:\n{tail}")

    def stop(self):
        """Stop every child by PID: SIGTERM, then SIGKILL after 5 seconds."""
        for _, child, _ in reversed(self.m_children):
            if child.poll() is None:
                try:
                    os.kill(child.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 5
        for _, child, _ in reversed(self.m_children):
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.kill(child.pid, signal.SIGKILL)
                child.wait()
        self.m_children.clear()


def wait_for_tcp(host, port, seconds=10.0):
    """Block until something accepts TCP connections on host:port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.settimeout(1.0)
                probe.connect((host, port))
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on {host}:{port} after {seconds} s")
            time.sleep(0.1)


def port_free(port, hosts):
    """True when TCP and UDP port is free on every host."""
    for host in hosts:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            with socket.socket(family, kind) as sock:
                try:
                    sock.bind((host, port))
                except OSError:
                    return False
    return True


def free_port(hosts, avoid=()):
    """A high port free for TCP and UDP on all of hosts (the kernel picks, we double-check)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in avoid and port_free(port, hosts):
            return port
    raise RuntimeError("no free port found")
