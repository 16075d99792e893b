#!/usr/bin/env python3
"""Benchmark of `mta-sts-check report`: generates N gzip reports (default 10,000) in a temporary
folder, summarizes them, and prints reports/second and peak memory (max RSS of the child).
Run twice with different N to see that memory does not grow with the number of files beyond
the aggregates (the reports are never kept, only their counts and report-ids).

    bench/report_throughput.py build/mta-sts-check [N ...]
"""
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def make_report(i):
    # Reporter, domain, MX and sending IP all follow k = i % 50, so the aggregates have a fixed
    # number of rows and any memory growth with N comes from the per-input bookkeeping alone.
    k = i % 50
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    return {
        "organization-name": f"Reporter {k % 7}",
        "date-range": {"start-datetime": f"2025-{month:02d}-{day:02d}T00:00:00Z",
                       "end-datetime": f"2025-{month:02d}-{day:02d}T23:59:59Z"},
        "contact-info": "tlsrpt@reporter.example",
        "report-id": f"bench-{i}",
        "policies": [{
            "policy": {"policy-type": "sts", "policy-domain": f"d{k}.example",
                       "policy-string": ["version: STSv1", "mode: enforce", "mx: *.example", "max_age: 86400"],
                       "mx-host": ["*.example"]},
            "summary": {"total-successful-session-count": 100 + i % 900, "total-failure-session-count": i % 5},
            "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": f"192.0.2.{k}",
                                 "receiving-mx-hostname": f"mx{k % 3}.example", "receiving-ip": "198.51.100.1",
                                 "failed-session-count": i % 5}],
        }],
    }


def bench(binary, count):
    folder = tempfile.mkdtemp(prefix="tlsrpt-bench-")
    try:
        for i in range(count):
            with open(os.path.join(folder, f"r{i:06d}.json.gz"), "wb") as f:
                f.write(gzip.compress(json.dumps(make_report(i)).encode(), mtime=0))
        start = time.monotonic()
        child = subprocess.Popen([binary, "report", "--format", "json", "-q", folder],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = child.communicate()
        elapsed = time.monotonic() - start
        # ru_maxrss of the (only) waited-for child, in KiB on Linux.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        if child.returncode != 0:
            sys.exit(f"report failed ({child.returncode}): {err.decode()[:500]}")
        reports = json.loads(out)["reports"]
        assert reports == count, (reports, count)
        print(f"{count:>7} reports  {elapsed:7.2f} s  {count / elapsed:9.0f} reports/s  peak RSS {usage.ru_maxrss / 1024:6.1f} MiB")
    finally:
        shutil.rmtree(folder)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    counts = [int(n) for n in sys.argv[2:]] or [10000]
    for count in counts:
        # One process per size so that ru_maxrss is that run's own peak.
        subprocess.run([sys.executable, __file__, "--one", sys.argv[1], str(count)], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        bench(sys.argv[2], int(sys.argv[3]))
    else:
        main()
