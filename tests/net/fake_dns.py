#!/usr/bin/env python3
"""A tiny authoritative DNS responder (UDP + TCP on one port) for the net adapter tests.

Usage: fake_dns.py ADDRESS   -> prints "READY <port>" once listening on ADDRESS:<port>.
The zone is built in: each name under "test." is one scenario (see ZONE below).
Stdlib only. Stops on SIGTERM.
"""
import selectors
import signal
import socket
import struct
import sys

from loopback_servers import name_wire

A, NS, CNAME, MX, TXT, AAAA, TLSA = 1, 2, 5, 15, 16, 28, 52
NOERROR, SERVFAIL, NXDOMAIN, REFUSED = 0, 2, 3, 5


def txt(*strings):
    out = b""
    for s in strings:
        b = s.encode()
        out += bytes([len(b)]) + b
    return out


def mx(pref, host):
    return struct.pack("!H", pref) + name_wire(host)


LONG_CHAIN = {f"long{i}.test": [(CNAME, name_wire(f"long{i + 1}.test"))] for i in range(10)}
LONG_CHAIN["long10.test"] = [(TXT, txt("end of a long chain"))]

ZONE = {
    "multi.test": [(TXT, txt("v=STSv1; id=2024", "0501")), (TXT, txt("v=spf1 -all"))],
    "mx.test": [(MX, mx(20, "mx2.mx.test")), (MX, mx(10, "mx1.mx.test."))],
    "nullmx.test": [(MX, mx(0, "."))],
    "cname.test": [(CNAME, name_wire("c1.test"))],
    "c1.test": [(CNAME, name_wire("target.test"))],
    "target.test": [(TXT, txt("v=STSv1; id=abc"))],
    "dangling.test": [(CNAME, name_wire("nowhere.test"))],
    "loop.test": [(CNAME, name_wire("loop2.test"))],
    "loop2.test": [(CNAME, name_wire("loop.test"))],
    "nodata.test": [(A, socket.inet_aton("192.0.2.9"))],
    "addr.test": [(A, socket.inet_aton("192.0.2.1")), (A, socket.inet_aton("192.0.2.2")),
                  (AAAA, socket.inet_pton(socket.AF_INET6, "2001:db8::1"))],
    "big.test": [(TXT, txt("record %03d " % i + "x" * 200)) for i in range(30)],
    "ad.test": [(TXT, txt("signed"))],
    # RFC 6698 §2.1: usage, selector, matching type, association data.
    "_25._tcp.tlsa.test": [(TLSA, bytes([3, 1, 1]) + bytes(range(32))), (TLSA, bytes([2, 0, 2, 0xab]))],
    "_25._tcp.badtlsa.test": [(TLSA, bytes([3, 1]))],
}
AUTHENTICATED = {"ad.test", "_25._tcp.tlsa.test"}
ZONE.update(LONG_CHAIN)
RCODES = {"servfail.test": SERVFAIL, "refused.test": REFUSED}
# "counted.test" TXT answers with how many times it has been asked, to see questions shared.
ASKED = {"counted.test": 0}
DROP = {"drop.test"}
TRUNCATE_UDP = {"big.test"}


def parse_question(msg):
    pos = 12
    labels = []
    while True:
        n = msg[pos]
        pos += 1
        if n == 0:
            break
        labels.append(msg[pos:pos + n].decode("ascii", "replace").lower())
        pos += n
    qtype, qclass = struct.unpack("!HH", msg[pos:pos + 4])
    return ".".join(labels), qtype, msg[12:pos + 4]


def answer(msg, over_udp):
    qid, flags = struct.unpack("!HH", msg[:4])
    qname, qtype, question = parse_question(msg)
    if qname in DROP:
        return None
    if qname in ASKED:
        ASKED[qname] += 1
        ZONE[qname] = [(TXT, txt(str(ASKED[qname])))]
    rcode = RCODES.get(qname, NOERROR)
    records = []
    owner = qname
    seen = set()
    if rcode == NOERROR:
        # Follow CNAMEs inside the zone as a recursive resolver would, keeping each link.
        while owner in ZONE and owner not in seen:
            seen.add(owner)
            rrs = ZONE[owner]
            cnames = [r for r in rrs if r[0] == CNAME]
            if cnames and qtype != CNAME:
                records.append((owner, CNAME, cnames[0][1]))
                owner = ".".join(label.decode() for label in split_wire(cnames[0][1]))
                continue
            records += [(owner, t, d) for t, d in rrs if t == qtype]
            break
        if owner not in ZONE and not any(r[0] == owner for r in records):
            rcode = NXDOMAIN
    out_flags = 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode
    if qname in AUTHENTICATED and flags & 0x0020:
        out_flags |= 0x0020
    if over_udp and qname in TRUNCATE_UDP:
        return struct.pack("!HHHHHH", qid, out_flags | 0x0200, 1, 0, 0, 0) + question
    body = b""
    for rname, rtype, rdata in records:
        body += name_wire(rname) + struct.pack("!HHIH", rtype, 1, 300, len(rdata)) + rdata
    return struct.pack("!HHHHHH", qid, out_flags, 1, len(records), 0, 0) + question + body


def split_wire(wire):
    labels, pos = [], 0
    while wire[pos]:
        labels.append(wire[pos + 1:pos + 1 + wire[pos]])
        pos += 1 + wire[pos]
    return labels


def main():
    address = sys.argv[1]
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    udp = socket.socket(family, socket.SOCK_DGRAM)
    udp.bind((address, 0))
    port = udp.getsockname()[1]
    tcp = socket.socket(family, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((address, port))
    tcp.listen(16)
    sel = selectors.DefaultSelector()
    sel.register(udp, selectors.EVENT_READ, "udp")
    sel.register(tcp, selectors.EVENT_READ, "listen")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("READY", port, flush=True)
    buffers = {}
    while True:
        for key, _ in sel.select():
            if key.data == "udp":
                msg, peer = udp.recvfrom(65535)
                reply = answer(msg, True)
                if reply is not None:
                    udp.sendto(reply, peer)
            elif key.data == "listen":
                conn, _ = tcp.accept()
                buffers[conn] = b""
                sel.register(conn, selectors.EVENT_READ, "tcp")
            else:
                conn = key.fileobj
                data = conn.recv(65535)
                if not data:
                    sel.unregister(conn)
                    conn.close()
                    del buffers[conn]
                    continue
                buffers[conn] += data
                buf = buffers[conn]
                while len(buf) >= 2 and len(buf) >= 2 + struct.unpack("!H", buf[:2])[0]:
                    size = struct.unpack("!H", buf[:2])[0]
                    reply = answer(buf[2:2 + size], False)
                    buf = buf[2 + size:]
                    if reply is not None:
                        conn.sendall(struct.pack("!H", len(reply)) + reply)
                buffers[conn] = buf


if __name__ == "__main__":
    main()
