#!/bin/sh
# Latency bench in a private network namespace (so the relay addresses clash with nothing):
#   sudo bench/latency.sh BUILD_DIR/mta-sts-check [--rtt-ms 50] [--runs 5]
set -eu
bin=$(readlink -f "$1"); shift
here=$(dirname "$(readlink -f "$0")")
ns="mtasts-bench-$$"
ip netns add "$ns"
trap 'ip netns delete "$ns"' EXIT INT TERM
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ip -6 addr add fd00:6c61:62::1/128 dev lo nodad
ip netns exec "$ns" python3 "$here/latency.py" --bin "$bin" "$@"
