#!/bin/sh
# Writes the MTA-STS metrics of the domains in DOMAINS_FILE to TEXTFILE_DIR/mta-sts.prom for
# Prometheus' node_exporter textfile collector. The output goes to a temporary file in the same
# directory (its name does not end in .prom, so the collector skips it) and is renamed into
# place, so the collector never reads half a file. A usage or input error (exit status 2)
# keeps the previous file; 1 (a domain fails) and 3 (incomplete) are results the metrics show.
# Usage: mta-sts-metrics.sh DOMAINS_FILE TEXTFILE_DIR [mta-sts-check options...]
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 DOMAINS_FILE TEXTFILE_DIR [mta-sts-check options...]" >&2
    exit 2
fi
domains=$1
dir=$2
shift 2
tmp=$(mktemp "$dir/.mta-sts.prom.XXXXXX") || exit 2
"${MTA_STS_CHECK:-mta-sts-check}" --format openmetrics "$@" -i "$domains" >"$tmp"
status=$?
case $status in
    0 | 1 | 3)
        chmod 0644 "$tmp" && mv -f "$tmp" "$dir/mta-sts.prom" || { rm -f "$tmp"; exit 2; }
        ;;
    *)
        rm -f "$tmp"
        ;;
esac
exit $status
