"""Running the binary for bench/batch.py and turning its JSONL into the numbers of bench/README.md.

Each process runs under /usr/bin/time -v; a thread per process stamps every JSONL line with the
seconds since the processes were started, when the line arrives on the pipe.
"""
import collections
import json
import math
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Outcome:
    """One process of the run."""
    argv: list
    lines: list = field(default_factory=list)  # (seconds since the start, raw line)
    time_report: str = ""                        # /usr/bin/time -v output and the binary's stderr
    returncode: int | None = None


@dataclass
class Run:
    """Every process of the run, the wall time and the machine's counters around it."""
    outcomes: list
    wall: float
    udp_before: dict
    udp_after: dict
    load_before: str
    load_after: str


def kernel_counters(path, prefix):
    """One table of the kernel's counters (of this network namespace): `prefix` rows of `path`."""
    with open(path) as table:
        rows = [line.split() for line in table if line.startswith(prefix)]
    return dict(zip(rows[0][1:], map(int, rows[1][1:])))


def udp_counters():
    """The UDP counters (RcvbufErrors: datagrams dropped for a full receive buffer), and the TCP
    listen-queue ones (ListenOverflows: a SYN or handshake dropped at a full accept queue of a
    lab server; the client then resends its SYN after 1 s, then 3 s)."""
    counters = kernel_counters("/proc/net/snmp", "Udp:")
    tcp = kernel_counters("/proc/net/netstat", "TcpExt:")
    counters.update({name: tcp.get(name, 0) for name in ("ListenOverflows", "ListenDrops")})
    return counters


def load_average():
    """The 1, 5 and 15 minute load averages, as /proc/loadavg shows them."""
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def read_lines(pipe, start, lines):
    """Stamp each line of pipe with the seconds since start, until the pipe closes."""
    for line in pipe:
        lines.append((time.monotonic() - start, line))


def run(argvs, timeout):
    """Run every argv at once under /usr/bin/time -v; kill them (by process group) after timeout."""
    udp_before, load_before = udp_counters(), load_average()
    outcomes, children, readers, logs = [Outcome(argv) for argv in argvs], [], [], []
    start = time.monotonic()
    for outcome in outcomes:
        log = tempfile.TemporaryFile()
        child = subprocess.Popen(["/usr/bin/time", "-v", *outcome.argv], stdout=subprocess.PIPE, stderr=log,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
        reader = threading.Thread(target=read_lines, args=(child.stdout, start, outcome.lines), daemon=True)
        reader.start()
        children.append(child)
        readers.append(reader)
        logs.append(log)
    for outcome, child, reader, log in zip(outcomes, children, readers, logs):
        try:
            outcome.returncode = child.wait(timeout=max(1.0, start + timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the group started for this child alone
            outcome.returncode = child.wait()
        reader.join(timeout=60)
        log.seek(0)
        outcome.time_report = log.read().decode(errors="replace")
        log.close()
    wall = time.monotonic() - start
    return Run(outcomes, wall, udp_before, udp_counters(), load_before, load_average())


def time_field(text, name):
    """A field of /usr/bin/time -v's report, or None."""
    match = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else None


def percentile(values, p):
    """The nearest-rank p-th percentile of values (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def parsed_reports(run):
    """(arrival seconds, report) of every JSON line of every process, one at a time (100,000
    parsed reports at once would take gigabytes); a line that is not JSON gives None."""
    for outcome in run.outcomes:
        for arrived, line in outcome.lines:
            try:
                yield arrived, json.loads(line)
            except json.JSONDecodeError:
                yield arrived, None


def timing(elapsed):
    """p50, p99 and max of a list of elapsed_ms."""
    return {"p50_ms": percentile(elapsed, 50), "p99_ms": percentile(elapsed, 99),
            "max_ms": max(elapsed) if elapsed else None}


def resources(run, domains):
    """CPU, memory and exit status from /usr/bin/time -v of every process."""
    cpu = rss = 0.0
    for outcome in run.outcomes:
        cpu += float(time_field(outcome.time_report, "User time (seconds)") or "nan")
        cpu += float(time_field(outcome.time_report, "System time (seconds)") or "nan")
        rss = max(rss, int(time_field(outcome.time_report, "Maximum resident set size (kbytes)") or 0) / 1024)
    return {"cpu_s": cpu, "cpu_ms_per_domain": cpu / domains * 1000 if domains else None, "peak_rss_mib": rss,
            "exit": [outcome.returncode for outcome in run.outcomes]}


def busy_share(spans, until, jobs):
    """The share of the jobs x until slot-seconds that the (start, end) spans of some domains
    held: how much of the run's concurrency the domains waiting on a mute MX took."""
    if not until or not jobs:
        return None
    held = sum(max(0.0, min(end, until) - max(start, 0.0)) for start, end in spans)
    return held / (jobs * until)


def summarize(run, category, dead, jobs):
    """Every number of the bench. category: domain -> mix category; dead: the domains with an MX
    that never greets (waiting on it is not counted in the live rate); jobs: the --jobs given."""
    seen, elapsed, arrival, spans = {}, collections.defaultdict(list), {}, collections.defaultdict(list)
    matrix = collections.defaultdict(collections.Counter)
    blockers = collections.defaultdict(collections.Counter)
    for arrived, report in parsed_reports(run):
        if report is None or report.get("domain") not in category:
            matrix["(not a report of the list)"]["-"] += 1
            continue
        name = report["domain"]
        seen[name] = report.get("verdict")
        arrival[name] = arrived
        group = "dead" if name in dead else "live"
        elapsed[group].append(report.get("elapsed_ms", 0))
        spans[group].append((arrived - report.get("elapsed_ms", 0) / 1000, arrived))
        matrix[category[name]][report.get("verdict")] += 1
        if report.get("verdict") != "pass":
            for finding in report.get("findings", []):
                if finding.get("severity") in ("error", "warning", "inconclusive"):
                    blockers[category[name]][finding.get("id")] += 1
    live = [name for name in category if name not in dead]
    live_done = max((arrival[name] for name in live if name in arrival), default=None)
    summary = {
        "wall_s": run.wall,
        "rate_all_per_s": len(seen) / run.wall if run.wall else None,
        "live_domains": len(live),
        "live_done_s": live_done,
        "live_rate_per_s": len(live) / live_done if live_done else None,
        # Each process of a sharded run has --jobs slots of its own.
        "dead_busy_share": busy_share(spans["dead"], live_done, jobs * len(run.outcomes)),
        "live_missing": sum(1 for name in live if name not in arrival),
        "missing": sorted(set(category) - set(seen))[:20],
        "missing_count": len(set(category) - set(seen)),
        "live_timing": timing(elapsed["live"]),
        "dead_timing": timing(elapsed["dead"]),
        "verdicts": dict(collections.Counter(seen.values())),
        "verdicts_by_category": {name: dict(counts) for name, counts in sorted(matrix.items())},
        # Why domains did not pass: for a broken category it shows the mix breaks what it means to.
        "not_passing_findings": {name: dict(counts.most_common(4)) for name, counts in sorted(blockers.items())},
        "udp_rcvbuf_errors": run.udp_after["RcvbufErrors"] - run.udp_before["RcvbufErrors"],
        "udp_in_errors": run.udp_after["InErrors"] - run.udp_before["InErrors"],
        "tcp_listen_overflows": run.udp_after["ListenOverflows"] - run.udp_before["ListenOverflows"],
        "load_before": run.load_before,
        "load_after": run.load_after,
    }
    summary.update(resources(run, len(category)))
    return summary


def counts_text(category):
    """'160 provider, 20 own-mx, ...' for a mix."""
    return ", ".join(f"{count} {name}" for name, count in collections.Counter(category.values()).most_common())


def options_text(s):
    """The binary's options that set the run apart: --jobs, --no-smtp, --single-probe, extra ones."""
    return " ".join([f"--jobs {s['jobs']}", *(["--no-smtp"] if s["no_smtp"] else []),
                     *(["--single-probe"] if s["single_probe"] else []),
                     *([f"(extra: {s['extra_args']})"] if s["extra_args"] else []),
                     *([f"(shard ways: {s['shard_ways']})"] if s["shard_ways"] > 1 else [])])


def ms(value):
    """A millisecond figure for the summary ("-" when there is none)."""
    return "-" if value is None else f"{value:.0f} ms"


def print_summary(s):
    """The human summary, then a row for the results table of bench/README.md."""
    live, dead = s["live_timing"], s["dead_timing"]
    print(f"{s['domains']} domains, {options_text(s)}; load average {s['load_before']} before,"
          f" {s['load_after']} after; exit {s['exit']}")
    print(f"live rate: {s['live_domains']} live domains done at {s['live_done_s'] or 0:.2f} s ->"
          f" {s['live_rate_per_s'] or 0:.1f} domains/s ({s['live_missing']} live domains missing)")
    print(f"whole run: {s['wall_s']:.2f} s, {s['rate_all_per_s'] or 0:.1f} domains/s; {s['missing_count']} domains"
          f" without a report {s['missing'][:5]}")
    print(f"CPU {s['cpu_s']:.2f} s = {s['cpu_ms_per_domain']:.2f} ms per domain; peak RSS {s['peak_rss_mib']:.1f} MiB")
    print(f"elapsed_ms of live domains: p50 {ms(live['p50_ms'])}, p99 {ms(live['p99_ms'])}, max {ms(live['max_ms'])};"
          f" of domains with a mute MX: p50 {ms(dead['p50_ms'])}, max {ms(dead['max_ms'])}")
    if s["dead_busy_share"] is not None:
        print(f"until the last live domain, domains with a mute MX held {s['dead_busy_share']:.0%} of the --jobs slots")
    print(f"UDP receive drops (RcvbufErrors): {s['udp_rcvbuf_errors']}, InErrors {s['udp_in_errors']}"
          f"{' (this run alone: private network namespace)' if s['netns'] else ' (whole machine)'}")
    print(f"TCP accept-queue overflows at the lab servers (ListenOverflows): {s['tcp_listen_overflows']}")
    print(f"verdicts: {s['verdicts']}")
    for name, counts in s["verdicts_by_category"].items():
        why = s["not_passing_findings"].get(name)
        print(f"  {name:20} {counts}" + (f"  not passing for: {why}" if why else ""))
    print("table row: | " + " | ".join([
        f"{s['domains']:,}", options_text(s),
        f"{s['live_rate_per_s'] or 0:.0f}", f"{s['wall_s']:.1f}", f"{s['cpu_ms_per_domain']:.2f}",
        f"{s['peak_rss_mib']:.0f}", f"{live['p50_ms']} / {live['p99_ms']}", str(s["udp_rcvbuf_errors"]),
        ", ".join(f"{count} {verdict}" for verdict, count in sorted(s["verdicts"].items())),
        s["load_before"].split()[0] + " / " + s["load_after"].split()[0]]) + " |")
