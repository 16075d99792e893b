"""A DNS front for nsd that fails chosen names: the binary takes one resolver address, so the
SERVFAIL, REFUSED and timeout scenarios are answered here and everything else is forwarded.

Run as a process: python3 -m lab.dns_proxy --listen IP:PORT --upstream IP:PORT --rules FILE
[--delay-ms N]. FILE holds lines "NAME ACTION" with ACTION servfail|refused|drop.
"""
import argparse
import socket
import struct
import threading
import time

RCODES = {"servfail": 2, "refused": 5}


def question_name(message):
    """The lower-cased query name of a DNS message (no compression in a question)."""
    labels, offset = [], 12
    while offset < len(message):
        length = message[offset]
        if length == 0:
            break
        labels.append(message[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    return ".".join(labels).lower()


def error_reply(query, rcode):
    """The query turned into an answer with no records and the given rcode."""
    flags = struct.unpack("!H", query[2:4])[0]
    flags = (flags | 0x8000 | 0x0080) & 0xFFF0 | rcode  # QR, RA, RCODE
    qdcount = struct.unpack("!H", query[4:6])[0]
    question_end = 12
    for _ in range(qdcount):
        while query[question_end] != 0:
            question_end += 1 + query[question_end]
        question_end += 5
    return query[:2] + struct.pack("!HHHHH", flags, qdcount, 0, 0, 0) + query[12:question_end]


class Proxy:
    """Answers one query: fault rule first, else the upstream's answer (after delay)."""

    def __init__(self, upstream, rules, delay):
        self.m_upstream = upstream
        self.m_rules = rules
        self.m_delay = delay

    def answer(self, query, tcp):
        """The reply bytes for query, or None to stay silent (the timeout scenario)."""
        action = self.m_rules.get(question_name(query))
        if action == "drop":
            return None
        if action in RCODES:
            return error_reply(query, RCODES[action])
        reply = self.forward_tcp(query) if tcp else self.forward_udp(query)
        if self.m_delay:
            time.sleep(self.m_delay)
        return reply

    def forward_udp(self, query):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as upstream:
            upstream.settimeout(3)
            upstream.sendto(query, self.m_upstream)
            try:
                return upstream.recv(65535)
            except socket.timeout:
                return None

    def forward_tcp(self, query):
        with socket.create_connection(self.m_upstream, timeout=3) as upstream:
            upstream.sendall(struct.pack("!H", len(query)) + query)
            length = struct.unpack("!H", read_exact(upstream, 2))[0]
            return read_exact(upstream, length)


def read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def serve_udp(proxy, listen):
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # A batch of 100+ domains sends a burst of queries: a small buffer would drop some, and the
    # binary would wait for its retry timer (the bench would measure the lab, not the tool).
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024 * 1024)
    server.bind(listen)

    def handle(query, client):
        reply = proxy.answer(query, tcp=False)
        if reply:
            server.sendto(reply, client)

    while True:
        query, client = server.recvfrom(65535)
        threading.Thread(target=handle, args=(query, client), daemon=True).start()


def serve_tcp(proxy, listen):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(listen)
    server.listen(128)

    def handle(conn):
        with conn:
            conn.settimeout(10)
            try:
                while True:
                    length = struct.unpack("!H", read_exact(conn, 2))[0]
                    reply = proxy.answer(read_exact(conn, length), tcp=True)
                    if reply is None:
                        time.sleep(10)
                        return
                    conn.sendall(struct.pack("!H", len(reply)) + reply)
            except (OSError, ConnectionError, struct.error):
                return

    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def parse_address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--delay-ms", type=float, default=0)
    args = parser.parse_args()
    rules = {}
    with open(args.rules) as rules_file:
        for line in rules_file:
            if line.strip():
                name, action = line.split()
                rules[name.lower().rstrip(".")] = action
    proxy = Proxy(parse_address(args.upstream), rules, args.delay_ms / 1000)
    listen = parse_address(args.listen)
    threading.Thread(target=serve_tcp, args=(proxy, listen), daemon=True).start()
    serve_udp(proxy, listen)


if __name__ == "__main__":
    main()
