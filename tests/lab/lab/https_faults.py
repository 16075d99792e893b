"""HTTPS policy hosts that real servers will not imitate: a slow one, one that speaks TLS 1.0
only (RFC 8461 §7.2 needs TLS 1.2+ for policy fetches), and one that sends the policy with a
2xx status other than 200 (RFC 8461 §3.3 wants 200; mailauth takes any 2xx).

Run as: python3 -m lab.https_faults CONFIG.json, CONFIG a list of
{"address", "port", "behaviour": "slow"|"tls10"|"status-NNN", "delay", "cert", "key", "body"}:
slow answers after delay seconds, tls10 answers at once over TLS 1.0, status-NNN answers the
body at once with status NNN.
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


class PolicyHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self):
        spec = self.server.spec
        try:
            while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                pass
            if spec["behaviour"] == "slow":
                time.sleep(spec["delay"])
            body = spec["body"].encode()
            status = spec["behaviour"][len("status-"):] if spec["behaviour"].startswith("status-") else "200"
            self.wfile.write(f"HTTP/1.1 {status} Lab\r\n".encode() + b"Content-Type: text/plain\r\nConnection: close\r\n"
                             + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        except (OSError, ssl.SSLError):
            return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, spec):
        super().__init__((spec["address"], spec["port"]), PolicyHandler, bind_and_activate=True)
        self.spec = spec
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if spec["behaviour"] == "tls10":
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1
        context.load_cert_chain(spec["cert"], spec["key"])
        self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def finish_request(self, request, client_address):
        try:
            request.settimeout(30)
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return
        super().finish_request(request, client_address)


def main():
    with open(sys.argv[1]) as config:
        specs = json.load(config)
    servers = [Server(spec) for spec in specs]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
