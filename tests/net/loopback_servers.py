"""Pieces the loopback test servers share (tests/net/fake_*.py and tests/hostile/hostile_world.py):
the DNS wire form of a name, and an HTTPS server whose TLS handshakes run in the request's
thread. Stdlib only."""
import http.server
import socketserver
import ssl


def name_wire(name):
    """A domain name in DNS wire form (RFC 1035 §3.1), uncompressed."""
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


class ThreadedTlsServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """An HTTP server on a TLS-wrapped socket (created with do_handshake_on_connect=False)."""
    daemon_threads = True
    allow_reuse_address = True

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the request's thread, so a slow client blocks nobody.
        try:
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return
        super().finish_request(request, client_address)
