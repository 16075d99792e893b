#!/usr/bin/env python3
"""Batch bench (docs/ARCHITECTURE.md, "Performance"): N lab domains like good.test checked in one
run with --jobs J; prints domains/second, CPU time per domain and peak RSS (/usr/bin/time -v).

    sudo bench/batch.py --bin BUILD_DIR/mta-sts-check [--domains 200] [--jobs 100] [--single-probe]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lab"))

from lab import scenarios  # noqa: E402
from lab.world import Lab  # noqa: E402


def time_field(text, name):
    match = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else "?"


def udp_receive_errors():
    """The kernel's count of UDP datagrams dropped for a full receive buffer (all sockets)."""
    with open("/proc/net/snmp") as snmp:
        rows = [line.split() for line in snmp if line.startswith("Udp:")]
    return int(rows[1][rows[0].index("RcvbufErrors")])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--single-probe", action="store_true",
                        help="pass --single-probe (one SMTP session per address instead of three)")
    args = parser.parse_args()
    domains = scenarios.bulk(args.domains)
    print(f"starting the lab for {len(domains)} domains ...", flush=True)
    with Lab(domains) as lab, tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("".join(s.domain + "\n" for s in domains))
        listing.flush()
        argv = ["/usr/bin/time", "-v", args.bin, *lab.binary_args(), "--format", "jsonl", "--jobs", str(args.jobs),
                "-i", listing.name] + (["--single-probe"] if args.single_probe else [])
        drops_before = udp_receive_errors()
        start = time.monotonic()
        done = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
        wall = time.monotonic() - start
        drops = udp_receive_errors() - drops_before
    verdicts = collections.Counter()
    not_passing = collections.Counter()  # finding ids that kept a domain from passing
    for line in done.stdout.splitlines():
        try:
            report = json.loads(line)
        except json.JSONDecodeError:
            verdicts["(not JSON)"] += 1
            continue
        verdicts[report.get("verdict")] += 1
        for finding in report.get("findings", []):
            if finding["severity"] in ("error", "warning", "inconclusive"):
                not_passing[f'{finding["id"]}: {finding["message"][:90]}'] += 1
    cpu = float(time_field(done.stderr, "User time (seconds)")) + float(time_field(done.stderr, "System time (seconds)"))
    rss_kib = int(time_field(done.stderr, "Maximum resident set size (kbytes)"))
    print(f"{len(domains)} domains, --jobs {args.jobs}: wall {wall:.2f} s, {len(domains) / wall:.1f} domains/s")
    print(f"CPU {cpu:.2f} s = {cpu / len(domains) * 1000:.1f} ms per domain; peak RSS {rss_kib / 1024:.1f} MiB"
          " (target < 200 MB)")
    print(f"exit {done.returncode}; verdicts {dict(verdicts)}")
    for what, count in not_passing.most_common(5):
        print(f"  {count} x {what}")
    print(f"UDP datagrams dropped for a full receive buffer during the run: {drops}"
          " (a dropped DNS answer costs a retry timeout; `ss -uamp` shows which socket)")


if __name__ == "__main__":
    main()
