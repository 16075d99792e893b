#!/usr/bin/env python3
"""Latency bench (docs/ARCHITECTURE.md, "Performance"): wall time of one check of good.test (2 MX
hosts x 2 addresses) with an added round trip, next to the critical-path bound.

Run through latency.sh, which makes a private network namespace. The DNS proxy delays every
answer by one RTT; TCP relays in front of Postfix and nginx delay each direction by RTT/2 and
hold each new connection for 1.5 RTT (the TCP handshake the kernel would otherwise finish at
once), so the first server byte arrives after 2 RTT, as over a real path.
"""
import argparse
import json
import os
import smtplib
import ssl
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lab"))
sys.path.insert(0, HERE)

from delay_relay import Relay  # noqa: E402
from lab import scenarios, topology  # noqa: E402
from lab.world import Lab, dns_query  # noqa: E402

IPV6_FRONT = "fd00:6c61:62::1"  # latency.sh adds it to lo inside the namespace


def front(address):
    """Where the relay in front of a server listens (what DNS publishes)."""
    if address == "::1":
        return IPV6_FRONT
    octets = address.split(".")
    return ".".join([octets[0], "1", *octets[2:]])


# Round trips on the longest chain of one check (docs/ARCHITECTURE.md, "Data flow of one check"), for TLS 1.3:
CRITICAL_PATH = [("DNS MX", 1), ("DNS A/AAAA of the MX host", 1), ("TCP connect", 1), ("SMTP greeting", 1),
                 ("EHLO", 1), ("STARTTLS", 1), ("TLS 1.3 handshake", 1)]


def reference_probe(lab):
    """The critical path walked by a plain sequential Python client over the same delays: shows
    that the lab really costs the bound (MX query, A query, connect, greeting, EHLO, STARTTLS,
    handshake)."""
    start = time.monotonic()
    dns_query(topology.DNS_PROXY, lab.ports["dns"], "good.test", qtype=15)
    dns_query(topology.DNS_PROXY, lab.ports["dns"], "mx1.good.test", qtype=1)
    context = ssl.create_default_context(cafile=lab.ca.cert_path)
    with smtplib.SMTP(front(topology.POSTFIX[0]), lab.ports["smtp"], local_hostname="bench.test", timeout=10) as smtp:
        smtp.ehlo()
        smtp._host = "mx1.good.test"  # the name the certificate is checked against
        smtp.starttls(context=context)
        elapsed = time.monotonic() - start  # before QUIT, which is off the critical path
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--rtt-ms", type=float, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rtt = args.rtt_ms / 1000
    good = scenarios.by_name()["good"]
    with Lab([good], address_map=front, dns_delay_ms=args.rtt_ms) as lab:
        for backend in [*topology.POSTFIX]:
            Relay((front(backend), lab.ports["smtp"]), (backend, lab.ports["smtp"]), rtt / 2, 1.5 * rtt)
        Relay((front(topology.NGINX), lab.ports["https"]), (topology.NGINX, lab.ports["https"]), rtt / 2, 1.5 * rtt)
        reference = reference_probe(lab)
        walls, elapsed, verdicts = [], [], []
        for _ in range(args.runs):
            start = time.monotonic()
            done = subprocess.run([args.bin, *lab.binary_args(), "--format", "json", good.domain],
                                  capture_output=True, text=True, timeout=120)
            walls.append(time.monotonic() - start)
            try:
                report = json.loads(done.stdout)
                report = report[0] if isinstance(report, list) else report
                elapsed.append(report.get("elapsed_ms"))
                verdicts.append(report.get("verdict"))
            except json.JSONDecodeError:
                verdicts.append(f"no JSON (exit {done.returncode}): {done.stderr.strip()[:200]}")
    bound = sum(trips for _, trips in CRITICAL_PATH) * rtt
    median = statistics.median(walls)
    print(f"RTT {args.rtt_ms:.0f} ms, {args.runs} runs of {good.domain} (2 MX hosts x 2 addresses)")
    print("critical path: " + " + ".join(f"{name} {trips}" for name, trips in CRITICAL_PATH)
          + f" = {bound * 1000:.0f} ms")
    print(f"wall time: median {median * 1000:.0f} ms, min {min(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms"
          f" -> {median / bound:.2f}x the bound (target <= 1.5x)")
    print(f"a sequential Python client on the same path (one MX address): {reference * 1000:.0f} ms")
    print(f"elapsed_ms reported: {elapsed}")
    print(f"verdicts: {verdicts}")


if __name__ == "__main__":
    main()
