#!/bin/bash
# The zsh completion is found by compinit through fpath and registered for mta-sts-check
# (_comps), and, driven through a pseudo-terminal (zpty), answers: value choices, options per
# command (those of --help), finding ids, the commands.
source "$(dirname "$0")/lib.sh"
require_binary
command -v zsh >/dev/null || die "zsh is not installed"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/policy.txt"

registered=$(zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit && compinit -u -d "$2" && print -r -- ${_comps[mta-sts-check]}' \
    zsh "$zsh_completion_dir" "$scratch/zcompdump" 2>&1)
[[ $registered == _mta-sts-check ]] || die "_comps[mta-sts-check] is '$registered', expected _mta-sts-check"
zsh -n "$zsh_completion" || fail "zsh -n reports a syntax error in the completion"

# Completes each line given as an argument in one interactive zsh and moves the matches of
# line N to $scratch/N. A line that does not finish within 20 s leaves its file without an end.
cat >"$scratch/drive.zsh" <<'DRIVE'
zmodload zsh/zpty
zpty capture zsh -f -i
zpty -w capture "source ${(q)ZSH_CAPTURE_SCRIPT}"
zpty -r capture ready '*capture-ready*'
integer n=0
for line in "$@"; do
  (( n++ ))
  : >| $ZSH_CAPTURE_FILE
  zpty -w -n capture "$line"$'\t'
  for i in {1..200}; do grep -q -- --done-- $ZSH_CAPTURE_FILE && break; sleep 0.1; done
  mv $ZSH_CAPTURE_FILE $ZSH_CAPTURE_DIR/$n
  zpty -w -n capture $'\C-u'
done
zpty -d capture
DRIVE

lines=(
    "mta-sts-check --format "
    "mta-sts-check lint --format "
    "mta-sts-check report --format "
    "mta-sts-check --color "
    "mta-sts-check --fail-on "
    "mta-sts-check lint --"
    "mta-sts-check --ignore "
    "mta-sts-check -"
    "mta-sts-check lint -"
    "mta-sts-check report -"
    "mta-sts-check l"
    "mta-sts-check example.com -"
    "mta-sts-check lint --ignore mx.cert-e"
    "mta-sts-check report --output $scratch/p"
    "mta-sts-check -i $scratch/p"
    "mta-sts-check --state $scratch/p"
    "mta-sts-check promote -"
    "mta-sts-check promote example.com --format "
    "mta-sts-check generate example.com -"
    "mta-sts-check generate example.com --mode "
    "mta-sts-check summarize -"
    "mta-sts-check summarize --format "
    "mta-sts-check s"
)
ZSH_COMPLETIONS_DIR=$zsh_completion_dir ZSH_CAPTURE_SCRIPT=$src/tests/shell/zsh_capture.zsh ZSH_CAPTURE_DIR=$scratch ZSH_CAPTURE_FILE=$scratch/current \
    timeout 120 zsh -f "$scratch/drive.zsh" "${lines[@]}" || die "the zpty driver failed"

# The matches zsh offered for line number $1, or a failure when that completion never finished.
matches() {
    grep -q -- --done-- "$scratch/$1" 2>/dev/null || { fail "line $1 (${lines[$1 - 1]}): the completion did not finish"; return; }
    grep -v -- --done-- "$scratch/$1"
}

expect_set "--format values" "text json jsonl junit github sarif openmetrics" "$(matches 1)"
expect_set "lint --format values" "text json junit github sarif openmetrics" "$(matches 2)"
expect_set "report --format values" "text json html" "$(matches 3)"
expect_set "--color values" "auto always never" "$(matches 4)"
expect_set "--fail-on values" "error warning never" "$(matches 5)"
expect_contains "lint --" "--policy --sts-record --tlsrpt-record --mx --domain" "$(matches 6)"
expect_set "--ignore ids" "$(catalog_rows | cut -f1)" "$(matches 7)"
expect_set "options of the check" "$(help_options)" "$(matches 8)"
expect_set "options of lint" "$(help_options lint)" "$(matches 9)"
expect_set "options of report" "$(help_options report)" "$(matches 10)"
expect_contains "commands" "lint" "$(matches 11)"
expect_set "options after a domain" "$(help_options)" "$(matches 12)"
expect_set "lint --ignore mx.cert-e" "mx.cert-expired mx.cert-expiring" "$(matches 13)"
# zsh adds file matches relative to the directory typed, so only the name is recorded.
expect_set "report --output FILE" "policy.txt" "$(matches 14)"
expect_set "-i FILE" "policy.txt" "$(matches 15)"
expect_set "--state FILE" "policy.txt" "$(matches 16)"
expect_set "options of promote" "$(help_options promote)" "$(matches 17)"
expect_set "promote --format values" "text json" "$(matches 18)"
expect_set "options of generate" "$(help_options generate)" "$(matches 19)"
expect_set "generate --mode values" "testing enforce" "$(matches 20)"
expect_set "options of summarize" "$(help_options summarize)" "$(matches 21)"
expect_set "summarize --format values" "text json html" "$(matches 22)"
expect_contains "commands" "summarize" "$(matches 23)"
finish
