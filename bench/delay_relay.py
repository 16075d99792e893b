"""A TCP relay that adds latency, for the bench (this kernel has no sch_netem).

Each accepted connection waits `hold` seconds before it reaches the server (standing in for the
SYN, SYN-ACK, ACK round trip plus the ACK's way to the server, which the kernel completes at
once on loopback), then every chunk is delayed `one_way` seconds in each direction, in order.
MTASTS_RELAY_TRACE=1 prints every chunk with its time, to see where round trips go.
"""
import os
import queue
import socket
import threading
import time


TRACE = os.environ.get("MTASTS_RELAY_TRACE")
START = time.monotonic()


def pump(source, sink, one_way, label=""):
    """Copy source to sink, each chunk released one_way seconds after it was read."""
    chunks = queue.Queue()

    def reader():
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if TRACE:
                print(f"{(time.monotonic() - START) * 1000:8.1f} ms {label} {len(data):5d} {data[:40]!r}", flush=True)
            chunks.put((time.monotonic() + one_way, data))
            if not data:
                return

    threading.Thread(target=reader, daemon=True).start()
    while True:
        due, data = chunks.get()
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        if not data:
            try:
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            return
        try:
            sink.sendall(data)
        except OSError:
            return


class Relay:
    """Listen on front (host, port) and relay to back (host, port) with the given delays."""

    def __init__(self, front, back, one_way, hold):
        family = socket.AF_INET6 if ":" in front[0] else socket.AF_INET
        self.m_back = back
        self.m_one_way = one_way
        self.m_hold = hold
        self.m_listener = socket.socket(family, socket.SOCK_STREAM)
        self.m_listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.m_listener.bind(front)
        self.m_listener.listen(512)
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            client, _ = self.m_listener.accept()
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        time.sleep(self.m_hold)
        try:
            server = socket.create_connection(self.m_back, timeout=10)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        name = f"{self.m_back[0]}:{self.m_back[1]}"
        up = threading.Thread(target=pump, args=(client, server, self.m_one_way, f"-> {name}"), daemon=True)
        up.start()
        pump(server, client, self.m_one_way, f"<- {name}")
        up.join(timeout=30)
        client.close()
        server.close()
