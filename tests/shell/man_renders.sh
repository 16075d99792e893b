#!/bin/bash
# The man page renders without a single warning: groff -ww prints nothing and exits 0.
source "$(dirname "$0")/lib.sh"
command -v groff >/dev/null || die "groff is not installed"

output=$(groff -man -ww -z "$man_page" 2>&1) || fail "groff exited with status $?"
[[ -z $output ]] || fail "groff warnings on $man_page:"$'\n'"$output"
# The rendered page starts with its NAME line (a broken .TH or macro set shows up here).
rendered=$(MANWIDTH=100 groff -man -Tutf8 -P-cbou "$man_page" 2>/dev/null)
grep -q 'mta-sts-check - check a mail domain' <<<"$rendered" || fail "the rendered page has no NAME line"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS FINDINGS VERDICT "EXIT STATUS" OUTPUT ENVIRONMENT EXAMPLES "SEE ALSO"; do
    grep -qx "$section" <<<"$rendered" || fail "the rendered page has no section $section"
done
finish
