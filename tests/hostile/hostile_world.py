#!/usr/bin/env python3
"""A hostile little world on loopback for the live-check tests of tests/hostile: an
authoritative DNS responder (UDP) and an HTTPS policy server whose answers are attacks.

Usage: hostile_world.py ADDRESS PKI_DIR ZONE_JSON -> prints "READY <dns_port> <https_port>".
ZONE_JSON maps a name to [[type, value], ...] with type A, TXT or MX ("10 mx.example.test"),
DELAY (seconds every answer about that name waits, so that a run takes a while) or RCODE (the
response code of every answer about it, e.g. 2 for SERVFAIL).
The HTTPS answer is chosen by the Host header (see Handler). Stdlib only. Stops on SIGTERM.
"""
import http.server
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "net"))
from loopback_servers import ThreadedTlsServer, name_wire  # noqa: E402

TYPES = {"A": 1, "MX": 15, "TXT": 16, "AAAA": 28}
BIG_POLICY_BYTES = 12_900_000


def rdata(kind, value):
    if kind == "A":
        return socket.inet_aton(value)
    if kind == "TXT":
        data = value.encode()
        return b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, max(len(data), 1), 255))
    if kind == "MX":
        preference, host = value.split()
        return struct.pack("!H", int(preference)) + name_wire(host)
    raise ValueError(kind)


def question_name(query):
    """The name a query asks about (lower case), and where its type follows."""
    pos, labels = 12, []
    while query[pos]:
        labels.append(query[pos + 1:pos + 1 + query[pos]].decode().lower())
        pos += 1 + query[pos]
    return ".".join(labels), pos


def answer(query, zone):
    ident, _flags, qdcount = struct.unpack("!HHH", query[:6])
    name, pos = question_name(query)
    qtype = struct.unpack("!H", query[pos + 1:pos + 3])[0]
    question = query[12:pos + 5]
    records = [(k, v) for k, v in zone.get(name, []) if TYPES.get(k) == qtype]
    # The root exists (NODATA for its TXT), so the checker trusts the resolver's NXDOMAINs.
    rcode = 0 if name in zone or name == "" else 3
    rcode = next((int(v) for k, v in zone.get(name, []) if k == "RCODE"), rcode)
    out = struct.pack("!HHHHHH", ident, 0x8400 | rcode, 1, len(records), 0, 0) + question
    for kind, value in records:
        data = rdata(kind, value)
        out += struct.pack("!HHHIH", 0xC00C, TYPES[kind], 1, 60, len(data)) + data
    return out


def delay_of(query, zone):
    """The DELAY of the name asked about, in seconds (0 when it has none)."""
    return max([float(v) for k, v in zone.get(question_name(query)[0], []) if k == "DELAY"] or [0])


def serve_dns(sock, zone):
    while True:
        query, peer = sock.recvfrom(4096)
        try:
            reply, delay = answer(query, zone), delay_of(query, zone)
        except (IndexError, ValueError, struct.error):
            continue
        if delay:
            threading.Timer(delay, sock.sendto, (reply, peer)).start()
        else:
            sock.sendto(reply, peer)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def write_forever(self, first, piece, limit=64 * 1024 * 1024):
        """Writes `first`, then `piece` until the client hangs up (or `limit` bytes)."""
        try:
            self.wfile.write(first)
            sent = 0
            while sent < limit:
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass
        self.close_connection = True

    def do_GET(self):
        host = self.headers.get("Host", "").split(":")[0]
        if host == "mta-sts.huge.test":
            # Item 16: a 12.9 MB policy of mx lines (42,000 patterns that match no MX).
            line = b"mx: unused-host-000000.example.net\r\n"
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                    str(BIG_POLICY_BYTES).encode() + b"\r\n\r\nversion: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\n")
            return self.write_forever(head, line * 1024, limit=BIG_POLICY_BYTES)
        if host == "mta-sts.ok.test":
            # Item 18: one header line that never ends.
            return self.write_forever(b"HTTP/1.1 200 OK\r\nX-Endless: ", b"a" * 65536)
        if host == "mta-sts.exact.test":
            # Item 18: header lines that never end.
            return self.write_forever(b"HTTP/1.1 200 OK\r\n", b"X-More: " + b"b" * 100 + b"\r\n")
        body = b"unknown scenario\n"
        self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    address, pki, zone_json = sys.argv[1], sys.argv[2], sys.argv[3]
    zone = {name.lower().rstrip("."): records for name, records in json.loads(zone_json).items()}
    dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dns.bind((address, 0))
    threading.Thread(target=serve_dns, args=(dns, zone), daemon=True).start()
    https = ThreadedTlsServer((address, 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(pki, "good.pem"), os.path.join(pki, "good.key"))
    https.socket = ctx.wrap_socket(https.socket, server_side=True, do_handshake_on_connect=False)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("READY", dns.getsockname()[1], https.server_address[1], flush=True)
    https.serve_forever()


if __name__ == "__main__":
    main()
