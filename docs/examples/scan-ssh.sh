#!/bin/bash
# Checks a long list of domains on several machines with GNU parallel's --sshlogin: each
# machine needs mta-sts-check installed and ssh access without a password prompt. Shard K of
# WAYS (--shard K/WAYS) runs on whichever machine is free; GNU parallel copies the list there
# (--transferfile), brings shard-K.jsonl back into the current folder (--return) and removes
# both from the machine (--cleanup). Run it from the folder that holds the list (paths are
# relative to it and to the home folder on each machine). Arguments after WAYS go to every
# mta-sts-check.
#
#   docs/examples/scan-ssh.sh 'checker1,checker2,checker3' domains.txt 6 --jobs 100
#   cat shard-*.jsonl | jq -r 'select(.verdict != "pass") | [.domain, .verdict] | @tsv'
#
# ('2/checker1' runs two shards at once on checker1; ':' is this machine.) Each shard's exit
# status (1 misconfigured, 3 incomplete: see man mta-sts-check) is in the Exitval column of
# scan-joblog; the script exits 0 when every shard ran, 2 when one could not: run that shard
# again (no --retries here: parallel would also retry the shards that found a misconfiguration).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 SSHLOGINS DOMAINS WAYS [mta-sts-check options]" >&2; exit 2; }
logins=$1 list=$2 ways=$3
shift 3
seq "$ways" | parallel --will-cite -q -j 1 --sshlogin "$logins" --joblog scan-joblog \
    --transferfile "$list" --return "shard-{}.jsonl" --cleanup \
    mta-sts-check "$@" -i "$list" --shard "{}/$ways" -o "shard-{}.jsonl" || true
# Exit status 1 and 3 are results; anything else (2, a signal, a lost machine) is a failed shard.
awk -F'\t' -v ways="$ways" '
    NR > 1 && $8 == 0 && ($7 == 0 || $7 == 1 || $7 == 3) { ok++ }
    END { exit ok == ways ? 0 : 2 }' scan-joblog
