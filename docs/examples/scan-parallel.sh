#!/bin/bash
# Checks a long list of domains in WAYS processes on this machine with GNU parallel (Debian
# package "parallel"): process K checks shard K of the list (--shard K/WAYS) and writes each
# result to OUTDIR/shard-K.jsonl as soon as it is done. After a crash, a kill or a reboot, run
# the same command again: --resume carries every shard on where it stopped. Arguments after
# WAYS go to every mta-sts-check.
#
#   docs/examples/scan-parallel.sh domains.txt results 4 --jobs 100
#   cat results/shard-*.jsonl | jq -r 'select(.verdict != "pass") | [.domain, .verdict] | @tsv'
#
# Its exit status is that of one mta-sts-check over the whole list (man mta-sts-check, EXIT
# STATUS): 2 if a shard could not run, else 1 if a domain fails, else 3 if one is incomplete,
# else 0.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 DOMAINS OUTDIR WAYS [mta-sts-check options]" >&2; exit 2; }
list=$1 outdir=$2 ways=$3
shift 3
mkdir -p "$outdir"
# -q hands each argument over as it is (no second word splitting); --joblog keeps each shard's
# exit status, which parallel's own status (the number of shards that did not exit 0) hides.
seq "$ways" | parallel --will-cite -q -j "$ways" --joblog "$outdir/joblog" \
    mta-sts-check "$@" -i "$list" --shard "{}/$ways" -o "$outdir/shard-{}.jsonl" --resume || true
# Columns of the joblog: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command.
awk -F'\t' -v ways="$ways" '
    NR > 1 { done++; if ($8 != 0 || $7 == 2 || $7 > 3) two = 1; else if ($7 == 1) one = 1; else if ($7 == 3) three = 1 }
    END { exit (two || done != ways) ? 2 : one ? 1 : three ? 3 : 0 }' "$outdir/joblog"
