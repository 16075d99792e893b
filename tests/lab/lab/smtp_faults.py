"""SMTP servers that misbehave on purpose, one per address, all in one process.

Run as: python3 -m lab.smtp_faults CONFIG.json, where CONFIG is a list of
{"address", "port", "behaviour", "cert", "key"}. Behaviours:
  tls             good SMTP with STARTTLS using the given certificate (expired, wrong name...)
  tls10           STARTTLS that negotiates TLS 1.0 only
  tls12           STARTTLS that negotiates TLS 1.2 at most (no TLS 1.3)
  tls-static-rsa  STARTTLS with TLS 1.2 at most and only static RSA key exchange (no forward secrecy)
  tls-legacy      STARTTLS that accepts every version from TLS 1.0 to 1.3
  sni-required    STARTTLS whose handshake fails (unrecognized_name alert) when the client sends no SNI
  no-starttls     EHLO without STARTTLS (RFC 3207 not offered)
  starttls-454    STARTTLS advertised, then refused with 454
  greeting-554    554 greeting: "no service here" (RFC 5321 §3.1)
  garbage         a greeting that is not SMTP
  early-close     closes the connection right after accepting it
  slow-greeting   greets after 5 s (like postscreen), then behaves as tls
  trickle         sends its greeting one byte a second
  junk            sends megabytes of junk without a line end
  blackhole       listens but never accepts, with a full backlog: connects time out
  close-after-tls     good STARTTLS, then closes the connection right after the handshake
  421-after-tls       good STARTTLS, then answers the EHLO after TLS with 421 (RFC 3207 §4.2)
  silent-after-tls    good STARTTLS, then never answers the EHLO after TLS
  mute            accepts the connection and never sends a byte (no greeting), until the client leaves
A spec may also hold "backlog": the listen queue length (the batch bench's mute MX takes
hundreds of connections at once).
"""
import json
import socket
import socketserver
import ssl
import sys
import threading
import time
import warnings

# TLS 1.0 is deprecated, and serving it is the point of the tls10 behaviour.
warnings.filterwarnings("ignore", category=DeprecationWarning)

EHLO_TLS = b"250-lab.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME\r\n"
EHLO_PLAIN = b"250-lab.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"


def refuse_without_sni(_sock, server_name, _context):
    """Aborts a handshake that carries no SNI, as some servers do (RFC 8461 §7.1 forbids it)."""
    return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME if server_name is None else None


def tls_context(spec):
    """The server TLS context of one fault server (TLS 1.0 only for tls10, 1.2 at most for tls12,
    1.0 to 1.3 for tls-legacy, SNI required for sni-required)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if spec["behaviour"] in ("tls10", "tls-legacy"):
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
    if spec["behaviour"] == "tls10":
        context.maximum_version = ssl.TLSVersion.TLSv1
    if spec["behaviour"] in ("tls12", "tls-static-rsa"):
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    if spec["behaviour"] == "tls-static-rsa":
        context.set_ciphers("AES128-GCM-SHA256:AES256-GCM-SHA384")
    if spec["behaviour"] == "sni-required":
        context.sni_callback = refuse_without_sni
    context.load_cert_chain(spec["cert"], spec["key"])
    return context


class SmtpFault(socketserver.StreamRequestHandler):
    """One SMTP session following the server's behaviour."""

    timeout = 30

    def handle(self):
        spec = self.server.spec
        behaviour = spec["behaviour"]
        out = self.connection
        if behaviour == "early-close":
            return
        if behaviour == "mute":
            self.swallow(out)
            return
        if behaviour == "greeting-554":
            out.sendall(b"554 5.3.2 lab.test no SMTP service here\r\n")
            self.dialogue(out, self.rfile, tls_done=True)
            return
        if behaviour == "garbage":
            out.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return
        if behaviour == "trickle":
            for byte in b"220 lab.test ESMTP slowly\r\n":
                out.sendall(bytes([byte]))
                time.sleep(1)
            self.dialogue(out, self.rfile, tls_done=False)
            return
        if behaviour == "junk":
            chunk = b"x" * 65536
            for _ in range(64):  # 4 MiB, then give up
                out.sendall(chunk)
            return
        if behaviour == "slow-greeting":
            time.sleep(5)
        out.sendall(b"220 lab.test ESMTP lab fault server\r\n")
        self.dialogue(out, self.rfile, tls_done=False)

    @staticmethod
    def swallow(out):
        """Read and drop what the client sends until it closes: longer than any client waits for a
        greeting (the checker's default is 30 s, like the handler timeout), bounded all the same."""
        out.settimeout(300)
        try:
            while out.recv(4096):
                pass
        except OSError:
            return

    def dialogue(self, out, reader, tls_done):
        """Answer commands until QUIT; STARTTLS upgrades the connection when offered."""
        behaviour = self.server.spec["behaviour"]
        offer_tls = not tls_done and behaviour not in ("no-starttls", "greeting-554")
        while True:
            line = reader.readline(1000)
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                out.sendall(EHLO_TLS if offer_tls else EHLO_PLAIN)
            elif verb == b"STARTTLS" and offer_tls:
                if behaviour == "starttls-454":
                    out.sendall(b"454 4.7.0 TLS not available due to local problem\r\n")
                    continue
                out.sendall(b"220 2.0.0 Ready to start TLS\r\n")
                try:
                    tls = self.server.context.wrap_socket(out, server_side=True)
                except (ssl.SSLError, OSError):
                    return
                self.after_tls(tls, behaviour)
                return
            elif verb == b"QUIT":
                out.sendall(b"221 2.0.0 Bye\r\n")
                return
            elif verb in (b"MAIL", b"RCPT", b"DATA"):
                out.sendall(b"550 5.7.1 lab server accepts no mail\r\n")
            else:
                out.sendall(b"502 5.5.2 Error: command not recognized\r\n")


    def after_tls(self, tls, behaviour):
        """The session after the handshake: normal, or the fault of an *-after-tls behaviour."""
        reader = tls.makefile("rb")
        if behaviour == "close-after-tls":
            tls.close()
            return
        if behaviour == "421-after-tls":
            if reader.readline(1000):
                tls.sendall(b"421 4.7.0 lab.test Error: too many sessions, closing\r\n")
            return
        if behaviour == "silent-after-tls":
            while reader.readline(1000):  # read what comes, answer nothing, until the client leaves
                pass
            return
        self.dialogue(tls, reader, tls_done=True)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, spec):
        self.address_family = socket.AF_INET6 if ":" in spec["address"] else socket.AF_INET
        self.request_queue_size = spec.get("backlog", self.request_queue_size)
        super().__init__((spec["address"], spec["port"]), SmtpFault)
        self.spec = spec
        self.context = tls_context(spec) if spec.get("cert") else None


def blackhole(spec):
    """A listener whose accept queue is full, so that further SYNs are dropped (connect timeout)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((spec["address"], spec["port"]))
    listener.listen(0)
    fillers = []
    for _ in range(2):
        filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        filler.setblocking(False)
        try:
            filler.connect((spec["address"], spec["port"]))
        except BlockingIOError:
            pass
        fillers.append(filler)
    time.sleep(0.5)
    return listener, fillers


def main():
    with open(sys.argv[1]) as config:
        specs = json.load(config)
    keep = []
    for spec in specs:
        if spec["behaviour"] == "blackhole":
            keep.append(blackhole(spec))
            continue
        server = Server(spec)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        keep.append(server)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
