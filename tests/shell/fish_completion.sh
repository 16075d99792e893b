#!/bin/bash
# The fish completion loads in a clean fish and answers `complete -C`: value choices, options
# per command (exactly those of --help), finding ids, the commands.
source "$(dirname "$0")/lib.sh"
require_binary
command -v fish >/dev/null || die "fish is not installed"

# The candidates (without descriptions) fish offers for the command line $1.
complete_line() {
    fish --no-config -c 'source $argv[1]; or exit 1; complete -C $argv[2]' "$fish_completion" "$1" | cut -f1
}

fish -n "$fish_completion" || fail "fish -n reports a syntax error in the completion"
expect_contains "--for" "--format" "$(complete_line 'mta-sts-check --for')"
expect_set "--format values" "text json jsonl junit github sarif openmetrics" "$(complete_line 'mta-sts-check --format ')"
expect_set "lint --format values" "text json junit github sarif openmetrics" "$(complete_line 'mta-sts-check lint --format ')"
expect_set "report --format values" "text json html" "$(complete_line 'mta-sts-check report --format ')"
expect_set "--color values" "auto always never" "$(complete_line 'mta-sts-check --color ')"
expect_set "--fail-on values" "error warning never" "$(complete_line 'mta-sts-check --fail-on ')"
expect_set "commands" "lint report promote generate summarize" "$(complete_line 'mta-sts-check ')"
expect_contains "lint --" "--policy --sts-record --tlsrpt-record --mx --domain" "$(complete_line 'mta-sts-check lint --')"
expect_set "--ignore ids" "$(catalog_rows | cut -f1)" "$(complete_line 'mta-sts-check --ignore ')"

# Options per command: exactly what the binary's --help lists.
expect_set "options of the check" "$(help_options)" "$(complete_line 'mta-sts-check -')"
expect_set "options of lint" "$(help_options lint)" "$(complete_line 'mta-sts-check lint -')"
expect_set "options of report" "$(help_options report)" "$(complete_line 'mta-sts-check report -')"
expect_set "options of promote" "$(help_options promote)" "$(complete_line 'mta-sts-check promote example.com -')"
expect_set "promote --format values" "text json" "$(complete_line 'mta-sts-check promote example.com --format ')"
expect_set "options of generate" "$(help_options generate)" "$(complete_line 'mta-sts-check generate example.com -')"
expect_set "generate --mode values" "testing enforce" "$(complete_line 'mta-sts-check generate --mode ')"
expect_set "options of summarize" "$(help_options summarize)" "$(complete_line 'mta-sts-check summarize -')"
expect_set "summarize --format values" "text json html" "$(complete_line 'mta-sts-check summarize --format ')"
expect_set "options after a domain" "$(help_options)" "$(complete_line 'mta-sts-check example.com -')"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/domains.txt"
expect_set "-i FILE" "$scratch/domains.txt" "$(complete_line "mta-sts-check -i $scratch/d")"
expect_set "--state FILE" "$scratch/domains.txt" "$(complete_line "mta-sts-check --state $scratch/d")"
expect_set "lint --policy FILE" "$scratch/domains.txt" "$(complete_line "mta-sts-check lint --policy $scratch/d")"
finish
