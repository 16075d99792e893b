#!/usr/bin/env python3
"""Batch bench (bench/README.md): N domains of a realistic mix (bench/bulk_mix.py) checked in one
run with --format jsonl; reports the live rate, CPU per domain, peak RSS, per-domain time
percentiles, UDP receive drops and verdict counts.

    sudo bench/batch.py --bin build/mta-sts-check [--domains 200] [--jobs 100] [--no-smtp]
                        [--single-probe] [--extra-args "--timeout 5"] [--shard-ways N] [--no-netns]
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lab"))
sys.path.insert(0, HERE)

import batch_stats  # noqa: E402
import bulk_mix  # noqa: E402
from lab.bulk_world import BulkLab  # noqa: E402

NETNS_MARK = "MTASTS_BATCH_NETNS"  # set inside the private network namespace batch.py re-runs itself in


def parse_args():
    """The bench's options (see bench/README.md)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the mta-sts-check binary")
    parser.add_argument("--domains", type=int, default=200, help="how many domains (default 200)")
    parser.add_argument("--jobs", type=int, default=100, help="--jobs of the binary (default 100)")
    parser.add_argument("--no-smtp", action="store_true",
                        help="pass --no-smtp and start no MX server (the 100,000-domain run)")
    parser.add_argument("--single-probe", action="store_true",
                        help="pass --single-probe (one SMTP session per address instead of three)")
    parser.add_argument("--extra-args", default="", help="more arguments for the binary, one shell-quoted string")
    parser.add_argument("--shard-ways", type=int, default=1,
                        help="split the list over N processes with the binary's --shard K/N (needs that option)")
    parser.add_argument("--runs", type=int, default=1,
                        help="run the binary this many times in the same lab (the first meets cold servers)")
    parser.add_argument("--seed", type=int, default=8461, help="shuffle seed of the mix")
    parser.add_argument("--run-timeout", type=float, default=3600, help="seconds before the binary is killed")
    parser.add_argument("--json-out", help="also write every number measured to this file")
    parser.add_argument("--save-jsonl", help="keep the binary's JSONL output in this file")
    parser.add_argument("--perf-out",
                        help="profile the run: the binary runs under `perf record -g` writing this file "
                             "(its CPU then includes perf's own)")
    parser.add_argument("--no-netns", action="store_true",
                        help="run in the current network namespace (default: a private one, so that the UDP "
                             "drop counter and the 127.0.x.y addresses belong to this run alone)")
    return parser.parse_args()


def in_private_netns():
    """Re-run this script inside a network namespace of its own; returns its exit status."""
    name = f"mtasts-batch-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"], check=True)
        return subprocess.run(["ip", "netns", "exec", name, sys.executable, *sys.argv],
                              env=dict(os.environ, **{NETNS_MARK: name})).returncode
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False)


def binary_has_option(binary, option):
    """True when the binary's --help lists option."""
    shown = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30)
    return option in shown.stdout + shown.stderr


def invocations(args, lab, listing):
    """The argv of each process of the run: one, or one per shard with --shard-ways."""
    extra = shlex.split(args.extra_args)
    # --jobs in --extra-args replaces the bench's own (the binary takes an option once).
    jobs = [] if jobs_given(extra) else ["--jobs", str(args.jobs)]
    base = [args.bin, *lab.binary_args(), "--format", "jsonl", *jobs, "-i", listing]
    base += ["--no-smtp"] if args.no_smtp else []
    base += ["--single-probe"] if args.single_probe else []
    base += extra
    if args.perf_out:
        base = ["perf", "record", "--quiet", "-F", "999", "--call-graph", os.environ.get("MTASTS_PERF_CALLGRAPH", "fp"), "-o", args.perf_out, "--", *base]
    if args.shard_ways == 1:
        return [base]
    # --shard K/N counts K from 1 (man page, --shard).
    return [base + ["--shard", f"{k}/{args.shard_ways}"] for k in range(1, args.shard_ways + 1)]


def jobs_given(words):
    """The value of a --jobs N or --jobs=N among words, or None."""
    for i, word in enumerate(words):
        if word == "--jobs" and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--jobs="):
            return word.split("=", 1)[1]
    return None


def jobs_of(args):
    """The --jobs the binary runs with: from --extra-args, else the bench's --jobs."""
    return int(jobs_given(shlex.split(args.extra_args)) or args.jobs)


def measure(args, lab, listing, category, dead, no_smtp, number):
    """One run of the binary over the list in the running lab: printed, and returned as a dict."""
    run = batch_stats.run(invocations(args, lab, listing), args.run_timeout)
    if args.save_jsonl:
        with open(args.save_jsonl if number == 1 else f"{args.save_jsonl}.{number}", "wb") as saved:
            saved.writelines(line for outcome in run.outcomes for _, line in outcome.lines)
    summary = batch_stats.summarize(run, category, dead, jobs_of(args))
    summary.update(run=number, domains=len(category), jobs=jobs_of(args), no_smtp=no_smtp, extra_args=args.extra_args,
                   single_probe=args.single_probe, shard_ways=args.shard_ways, lab_seconds=dict(lab.timings),
                   netns=os.environ.get(NETNS_MARK) is not None)
    print(f"--- run {number} of {args.runs}")
    batch_stats.print_summary(summary)
    return summary


def main():
    """Build the mix, start the lab, run and measure the binary; the exit status of the bench."""
    args = parse_args()
    if os.geteuid() != 0:
        sys.exit("the bench runs Postfix and nginx and binds 127.0.x.y: run it as root")
    if not args.no_netns and NETNS_MARK not in os.environ:
        return in_private_netns()
    if args.shard_ways > 1 and not binary_has_option(args.bin, "--shard"):
        sys.exit(f"--shard-ways {args.shard_ways}: {args.bin} has no --shard option yet")
    no_smtp = args.no_smtp or "--no-smtp" in shlex.split(args.extra_args)
    began = time.monotonic()
    domains = bulk_mix.mix(args.domains, args.seed)
    category = {made.name: kind for made, kind in domains}
    # With --no-smtp no MX is contacted, so no domain waits on one that never greets.
    dead = set() if no_smtp else {name for name, kind in category.items() if kind == bulk_mix.MUTE}
    print(f"{len(domains)} domains ({batch_stats.counts_text(category)}); starting the lab ...", flush=True)
    with BulkLab([made for made, _ in domains], bulk_mix.provider_hosts(), smtp=not no_smtp) as lab, \
            tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("".join(made.name + "\n" for made, _ in domains))
        listing.flush()
        lab.timings["lab total"] = time.monotonic() - began
        print("lab ready: " + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in lab.timings.items()), flush=True)
        summaries = [measure(args, lab, listing.name, category, dead, no_smtp, number)
                     for number in range(1, args.runs + 1)]
    if args.json_out:
        with open(args.json_out, "w") as out:
            json.dump(summaries, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
