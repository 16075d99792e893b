#!/usr/bin/env python3
"""A small HTTPS server for the policy fetcher tests. Scenario = the Host name.

Usage: fake_https.py ADDRESS PKI_DIR [--tls1-only]  -> prints "READY <port>".
The certificate is chosen by SNI: mta-sts.selfsigned.test gets a self-signed one,
mta-sts.wrongname.test one for www.other.test, everything else the CA-signed "good" one.
Stdlib only. Stops on SIGTERM.
"""
import gzip
import http.server
import os
import signal
import ssl
import sys
import time

from loopback_servers import ThreadedTlsServer

POLICY = b"version: STSv1\r\nmode: enforce\r\nmx: mx.example.test\r\nmax_age: 86400\r\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def do_GET(self):
        host = self.headers.get("Host", "").split(":")[0]
        ua = self.headers.get("User-Agent", "")
        if self.path != "/.well-known/mta-sts.txt":
            return self.send(404, b"wrong path\n", [("Content-Type", "text/plain")])
        if not ua.startswith("mta-sts-check/"):
            # Some hosts refuse browser-like or library clients.
            return self.send(403, b"unexpected client\n", [("Content-Type", "text/plain")])
        if host == "mta-sts.ok.test" or host.endswith(("selfsigned.test", "wrongname.test")):
            return self.send(200, POLICY, [("Content-Type", "text/plain; charset=utf-8"),
                                           ("Cache-Control", "max-age=60"), ("Age", "5"),
                                           ("X-Seen-User-Agent", ua)])
        if host == "mta-sts.early-hints.test":
            # RFC 8297: a 103 first; only the final response's headers count, the first of each.
            self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nContent-Type: text/html\r\nAge: 99\r\n"
                             b"Cache-Control: max-age=999999\r\n\r\n")
            return self.send(200, POLICY, [("Content-Type", "text/plain "), ("Content-Type", "text/html")])
        if host == "mta-sts.redirect.test":
            return self.send(301, b"moved\n", [("Location", "https://www.redirect.test/.well-known/mta-sts.txt"),
                                                ("Content-Type", "text/plain")])
        if host == "mta-sts.missing.test":
            return self.send(404, b"<html>not found</html>\n", [("Content-Type", "text/html")])
        if host == "mta-sts.huge.test":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10 * 1024 * 1024))
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(160):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return None
        if host == "mta-sts.gzip.test":
            body = gzip.compress(b"mx: " + b"a" * (1024 * 1024) + b"\r\n")
            return self.send(200, body, [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")])
        if host == "mta-sts.small-gzip.test":
            return self.send(200, gzip.compress(POLICY), [("Content-Type", "text/plain"),
                                                          ("Content-Encoding", "gzip")])
        if host == "mta-sts.exact.test":
            return self.send(200, b"y" * 65536, [("Content-Type", "text/plain")])
        if host == "mta-sts.over.test":
            return self.send(200, b"y" * 65537, [("Content-Type", "text/plain")])
        if host == "mta-sts.slow.test":
            time.sleep(5)
            return self.send(200, POLICY, [("Content-Type", "text/plain")])
        return self.send(404, b"unknown scenario\n", [("Content-Type", "text/plain")])


def contexts(pki, tls1_only):
    def make(name):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if tls1_only:
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.load_cert_chain(os.path.join(pki, name + ".pem"), os.path.join(pki, name + ".key"))
        return ctx
    good, selfsigned, wrongname = make("good"), make("selfsigned"), make("wrongname")

    def choose(sock, server_name, _ctx):
        if server_name == "mta-sts.selfsigned.test":
            sock.context = selfsigned
        elif server_name == "mta-sts.wrongname.test":
            sock.context = wrongname
    good.sni_callback = choose
    return good


def main():
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    address, pki = sys.argv[1], sys.argv[2]
    tls1_only = "--tls1-only" in sys.argv[3:]
    server_class = ThreadedTlsServer
    if ":" in address:
        class server_class(ThreadedTlsServer):  # noqa: N801
            address_family = __import__("socket").AF_INET6
    server = server_class((address, 0), Handler)
    ctx = contexts(pki, tls1_only)
    server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("READY", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
