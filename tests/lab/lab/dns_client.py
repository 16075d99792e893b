"""The lab's own DNS client: one query over UDP, to wait for the DNS servers and to see which
zone serial nsd serves."""
import socket
import struct

SOA = 6


def dns_query(server, port, name, qtype=1, timeout=1.0):
    """Send one query over UDP and return the raw reply."""
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"
    query = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + question + struct.pack("!HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(query, (server, port))
        return sock.recv(65535)


def skip_name(message, offset):
    """The offset after the (possibly compressed) domain name at offset (RFC 1035 §4.1.4)."""
    while message[offset] != 0:
        if message[offset] & 0xC0 == 0xC0:
            return offset + 2
        offset += 1 + message[offset]
    return offset + 1


def soa_serial(server, port, zone):
    """The SOA serial of zone that server:port answers now, or None without an answer."""
    try:
        reply = dns_query(server, port, zone, qtype=SOA)
    except OSError:
        return None
    if struct.unpack("!H", reply[6:8])[0] == 0:  # ANCOUNT
        return None
    offset = skip_name(reply, 12) + 4          # the question: name, type, class
    offset = skip_name(reply, offset) + 10     # the answer's owner, type, class, TTL, RDLENGTH
    offset = skip_name(reply, skip_name(reply, offset))  # MNAME, RNAME
    return struct.unpack("!I", reply[offset:offset + 4])[0]
