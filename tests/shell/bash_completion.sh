#!/bin/bash
# The bash completion loads in a clean bash, registers itself for mta-sts-check, and answers:
# value choices, options per command (exactly those of --help), finding ids, files.
source "$(dirname "$0")/lib.sh"
require_binary

# The completions bash would offer for a command line whose words are the arguments (the last
# one is the word being completed), through the function that `complete -p` registered.
complete_line() {
    bash --norc --noprofile -c '
        source "$1" || exit 1
        spec=$(complete -p mta-sts-check) || exit 1
        function=$(sed -E "s/.* -F ([^ ]+) .*/\1/" <<<"$spec")
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        "$function" mta-sts-check "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$bash_completion" "$@"
}

spec=$(bash --norc --noprofile -c 'source "$1" && complete -p mta-sts-check' bash "$bash_completion" 2>&1)
[[ $spec == "complete -F "*" mta-sts-check" ]] || die "complete -p mta-sts-check says: $spec"

# Installed as share/bash-completion/completions/mta-sts-check, bash-completion's loader finds it
# by the command name when the user first presses Tab.
loader=/usr/share/bash-completion/bash_completion
if [[ -f $loader ]]; then
    user_dir=$(mktemp -d)
    mkdir "$user_dir/completions"
    cp "$bash_completion" "$user_dir/completions/mta-sts-check"
    lazy=$(BASH_COMPLETION_USER_DIR=$user_dir bash --norc --noprofile -c \
        'source "$1" && __load_completion mta-sts-check && complete -p mta-sts-check' bash "$loader" 2>&1)
    rm -rf "$user_dir"
    [[ $lazy == "$spec" ]] || fail "bash-completion's loader did not load the installed file: $lazy"
else
    fail "bash-completion is not installed ($loader)"
fi

expect_set "--format values" "text json jsonl junit github sarif openmetrics" "$(complete_line mta-sts-check --format '')"
expect_set "--format=values" "text json jsonl junit github sarif openmetrics" "$(complete_line mta-sts-check --format = '')"
expect_set "--format j" "json jsonl junit" "$(complete_line mta-sts-check --format j)"
expect_set "lint --format values" "text json junit github sarif openmetrics" "$(complete_line mta-sts-check lint --format '')"
expect_set "report --format values" "text json html" "$(complete_line mta-sts-check report --format '')"
expect_set "--color values" "auto always never" "$(complete_line mta-sts-check --color '')"
expect_set "--fail-on values" "error warning never" "$(complete_line mta-sts-check -q --fail-on '')"
expect_set "lint --fail-on values" "error warning never" "$(complete_line mta-sts-check lint --fail-on '')"
expect_set "commands" "lint report promote generate summarize" "$(complete_line mta-sts-check '')"
expect_set "no command after a domain" "" "$(complete_line mta-sts-check example.com '')"
expect_contains "lint --" "--policy --sts-record --tlsrpt-record --mx" "$(complete_line mta-sts-check lint --)"
expect_set "--ignore ids" "$(catalog_rows | cut -f1)" "$(complete_line mta-sts-check --ignore '')"
expect_set "lint --ignore policy.mx-m" "policy.mx-missing" "$(complete_line mta-sts-check lint --ignore policy.mx-m)"

# Options per command: exactly what the binary's --help lists.
expect_set "options of the check" "$(help_options)" "$(complete_line mta-sts-check -)"
expect_set "options of lint" "$(help_options lint)" "$(complete_line mta-sts-check lint -)"
expect_set "options of report" "$(help_options report)" "$(complete_line mta-sts-check report -)"
expect_set "options of promote" "$(help_options promote)" "$(complete_line mta-sts-check promote example.com -)"
expect_set "promote --format values" "text json" "$(complete_line mta-sts-check promote example.com --format '')"
expect_set "options of generate" "$(help_options generate)" "$(complete_line mta-sts-check generate example.com -)"
expect_set "generate --mode values" "testing enforce" "$(complete_line mta-sts-check generate --mode '')"
expect_set "options of summarize" "$(help_options summarize)" "$(complete_line mta-sts-check summarize -)"
expect_set "summarize --format values" "text json html" "$(complete_line mta-sts-check summarize --format '')"
expect_set "options after a value" "$(help_options)" "$(complete_line mta-sts-check --format json -)"

# Files for the options that take one, and for report's arguments.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/domains.txt" "$scratch/policy.txt"
mkdir "$scratch/Maildir"
expect_set "-i FILE" "$scratch/domains.txt" "$(complete_line mta-sts-check -i "$scratch/d")"
expect_set "--ca-file PATH" "$scratch/domains.txt" "$(complete_line mta-sts-check --ca-file "$scratch/d")"
expect_set "--state FILE" "$scratch/domains.txt" "$(complete_line mta-sts-check --state "$scratch/d")"
expect_set "lint --policy FILE" "$scratch/policy.txt" "$(complete_line mta-sts-check lint --policy "$scratch/p")"
expect_set "report -o FILE" "$scratch/policy.txt" "$(complete_line mta-sts-check report -o "$scratch/p")"
expect_set "report FILE" "$scratch/Maildir" "$(complete_line mta-sts-check report "$scratch/M")"
expect_set "summarize FILE" "$scratch/domains.txt" "$(complete_line mta-sts-check summarize "$scratch/d")"
finish
