#!/usr/bin/env python3
"""SMTP fault servers for the prober tests: one scenario per listening address, one port.

Usage: fake_smtp.py PKI_DIR  -> prints "READY <port>"; every scenario below listens on
127.0.1.N:<port> (N = the scenario number). A thread per connection; stdlib only.
"""
import os
import signal
import socket
import ssl
import sys
import threading
import time
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

SCENARIOS = {
    1: "good", 2: "nostarttls", 3: "starttls454", 4: "greet554", 5: "garbage",
    6: "earlyclose", 7: "slowgreet", 8: "trickle", 9: "flood-no-newline", 10: "flood-lines",
    11: "tls1", 12: "selfsigned", 13: "closeaftertls", 14: "delayed", 16: "blackhole",
    17: "ipv6-good", 18: "sni-required", 19: "legacy",
}
PKI = sys.argv[1]


def context(name, tls1_only=False, legacy=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if tls1_only or legacy:
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    if tls1_only:
        ctx.maximum_version = ssl.TLSVersion.TLSv1
    ctx.load_cert_chain(os.path.join(PKI, name + ".pem"), os.path.join(PKI, name + ".key"))
    return ctx


GOOD = context("good")
SNI = {}  # ssl object id -> server name sent by the client


def remember_sni(sock, server_name, _ctx):
    SNI[id(sock)] = server_name


GOOD.sni_callback = remember_sni
SELF = context("selfsigned")
TLS1 = context("good", tls1_only=True)
LEGACY = context("good", legacy=True)  # TLS 1.0 up to 1.3
SNI_REQUIRED = context("good")


def refuse_without_sni(_sock, server_name, _ctx):
    """Aborts a handshake that carries no SNI, as some servers do (RFC 8461 §7.1 forbids it)."""
    if server_name is None:
        return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
    return None


SNI_REQUIRED.sni_callback = refuse_without_sni


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def send(self, text):
        self.sock.sendall(text.encode() if isinstance(text, str) else text)

    def line(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("ascii", "replace")


def dialogue(conn, scenario):
    if scenario == "earlyclose":
        return
    if scenario == "greet554":
        conn.send("554 5.7.1 no service for you\r\n")
        conn.line()
        return
    if scenario == "garbage":
        conn.send("HTTP/1.1 400 Bad Request\r\n\r\n")
        time.sleep(0.5)
        return
    if scenario == "slowgreet":
        time.sleep(3)
    if scenario == "delayed":
        time.sleep(0.5)
    if scenario == "trickle":
        for ch in "220 slowly.example.test ESMTP" * 100:
            conn.send(ch)
            time.sleep(1)
        return
    if scenario == "flood-no-newline":
        chunk = b"x" * 65536
        for _ in range(64):
            conn.send(chunk)
        return
    if scenario == "flood-lines":
        line = b"220-" + b"y" * 70 + b"\r\n"
        for _ in range(50000):
            conn.send(line)
        return
    conn.send("220-mx.example.test ESMTP fake\r\n220 second greeting line\r\n")
    ehlo = conn.line()
    if not ehlo.upper().startswith("EHLO "):
        conn.send("500 expected EHLO\r\n")
        return
    extensions = ["PIPELINING", "SIZE 10240000"]
    if scenario != "nostarttls":
        extensions.append("STARTTLS")
    extensions.append("8BITMIME")
    reply = "250-mx.example.test\r\n" + "".join(
        ("250 " if i == len(extensions) - 1 else "250-") + e + "\r\n" for i, e in enumerate(extensions))
    conn.send(reply)
    command = conn.line()
    if command.upper() == "QUIT":
        conn.send("221 bye\r\n")
        return
    if command.upper() != "STARTTLS":
        conn.send("502 unexpected\r\n")
        return
    if scenario == "starttls454":
        conn.send("454 4.7.0 TLS not available due to local problem\r\n")
        conn.line()
        conn.send("221 bye\r\n")
        return
    conn.send("220 2.0.0 Ready to start TLS\r\n")
    ctx = {"selfsigned": SELF, "tls1": TLS1, "legacy": LEGACY, "sni-required": SNI_REQUIRED}.get(scenario, GOOD)
    tls = ctx.wrap_socket(conn.sock, server_side=True)
    conn = Conn(tls)
    ehlo = conn.line()
    if scenario == "closeaftertls":
        tls.close()
        return
    sni = SNI.pop(id(tls), None)
    conn.send(f"250-mx.example.test after TLS\r\n250-X-SEEN-SNI {sni}\r\n250 8BITMIME\r\n"
              if ehlo.upper().startswith("EHLO ") else "500 expected EHLO\r\n")
    if conn.line().upper() == "QUIT":
        conn.send("221 2.0.0 bye\r\n")
    tls.close()


def serve_one(sock, scenario):
    try:
        dialogue(Conn(sock), scenario)
    except (EOFError, OSError, ssl.SSLError):
        pass
    finally:
        try:
            sock.close()
        except OSError:
            pass


def accept_loop(listener, scenario):
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=serve_one, args=(sock, scenario), daemon=True).start()


def bind_all():
    """Binds every scenario on one port; None when that port is taken on some address."""
    port = 0
    bound = []
    for number, scenario in sorted(SCENARIOS.items()):
        ipv6 = scenario == "ipv6-good"
        address = "::1" if ipv6 else f"127.0.1.{number}"
        listener = socket.socket(socket.AF_INET6 if ipv6 else socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((address, port))
        except OSError:
            listener.close()
            if ipv6:
                continue  # no IPv6 loopback here: the IPv6 test reports it
            for _, other, _ in bound:
                other.close()
            return None
        port = listener.getsockname()[1]
        bound.append((address, listener, "good" if ipv6 else scenario))
    return port, bound


def main():
    for _ in range(20):
        result = bind_all()
        if result:
            break
    else:
        sys.exit("fake_smtp: no port free on every scenario address")
    port, bound = result
    fill = []
    for address, listener, scenario in bound:
        if scenario == "blackhole":
            # Never accepted, queue kept full: further SYNs are dropped, so connects time out.
            listener.listen(0)
            for _ in range(3):
                s = socket.socket()
                s.setblocking(False)
                try:
                    s.connect((address, port))
                except BlockingIOError:
                    pass
                fill.append(s)
            continue
        listener.listen(128)
        threading.Thread(target=accept_loop, args=(listener, scenario), daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("READY", port, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
