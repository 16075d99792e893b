# Helpers shared by the shell tests: where things are, what the catalog and app.cpp define,
# and a failure counter so that one run reports every problem, not only the first.
# Sourced by each test script; ctest sets MTASTS_SOURCE_DIR, MTASTS_DUMP_CATALOG, MTASTS_BINARY.
# scripts/package.sh points MTASTS_BASH_COMPLETION, MTASTS_ZSH_COMPLETION_DIR and
# MTASTS_FISH_COMPLETION at the files the .deb installed, to test those instead of the tree's.

set -u
export LC_ALL=C
src=${MTASTS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
man_page=$src/man/mta-sts-check.1
findings_doc=$src/docs/findings.md
bash_completion=${MTASTS_BASH_COMPLETION:-$src/completions/mta-sts-check.bash}
zsh_completion_dir=${MTASTS_ZSH_COMPLETION_DIR:-$src/completions}
zsh_completion=$zsh_completion_dir/_mta-sts-check
fish_completion=${MTASTS_FISH_COMPLETION:-$src/completions/mta-sts-check.fish}
failures=0

# Records one failed check with its message (the test goes on, and fails at the end).
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# Ends the test: status 1 when any check failed.
finish() {
    if ((failures > 0)); then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
    exit 0
}

# Stops the test at once (a precondition is missing, so nothing else can be checked).
die() {
    echo "ERROR: $*" >&2
    exit 1
}

# The catalog as "id<TAB>severity<TAB>rfc<TAB>result type<TAB>title<TAB>hint" lines.
catalog_rows() {
    [[ -x ${MTASTS_DUMP_CATALOG:-} ]] || die "MTASTS_DUMP_CATALOG is not an executable (build target mtasts_dump_catalog)"
    "$MTASTS_DUMP_CATALOG"
}

# Every option name (-x and --long) that src/cli/app.cpp defines, one per line, sorted, plus
# CLI11's own -h/--help. Reads the first string argument of add_option, add_flag and
# set_version_flag, over line breaks.
app_options() {
    {
        tr '\n' ' ' <"$src/src/cli/app.cpp" |
            grep -oE '(add_option|add_flag|set_version_flag)\( *"[^"]*"' |
            sed -E 's/^[^"]*"//; s/"$//' | tr ',' '\n' | grep -E '^-'
        printf '%s\n' -h --help
    } | sort -u
}

# Option names (-x, --long) printed by "mta-sts-check [COMMAND] --help", one per line, sorted.
help_options() {
    [[ -x ${MTASTS_BINARY:-} ]] || die "MTASTS_BINARY is not an executable (build target mta-sts-check)"
    "$MTASTS_BINARY" "$@" --help | grep -oE '^ {2,}-[-a-zA-Z0-9,]+' | tr -d ' ' | tr ',' '\n' | sort -u
}

# Whether option name $1 appears as a whole word (not inside a longer option) in text on stdin.
has_option_word() {
    grep -qE -- "(^|[^a-zA-Z0-9-])$1([^a-zA-Z0-9-]|\$)"
}

# Checks that the words of $3 (the actual answer) are exactly the words of $2; $1 names the case.
expect_set() {
    local expected actual missing extra
    expected=$(tr -s ' \n' '\n\n' <<<"$2" | sed '/^$/d' | sort -u)
    actual=$(tr -s ' \n' '\n\n' <<<"$3" | sed '/^$/d' | sort -u)
    missing=$(comm -23 <(echo "$expected") <(echo "$actual"))
    extra=$(comm -13 <(echo "$expected") <(echo "$actual"))
    [[ -z $missing ]] || fail "$1: missing $(echo $missing)"
    [[ -z $extra ]] || fail "$1: unexpected $(echo $extra)"
}

# Checks that the words of $3 include every word of $2; $1 names the case.
expect_contains() {
    local missing
    missing=$(comm -23 <(tr -s ' \n' '\n\n' <<<"$2" | sed '/^$/d' | sort -u) \
        <(tr -s ' \n' '\n\n' <<<"$3" | sed '/^$/d' | sort -u))
    [[ -z $missing ]] || fail "$1: missing $(echo $missing)"
}

# Stops the test unless the built mta-sts-check runs (its --help is the list of options).
require_binary() {
    [[ -x ${MTASTS_BINARY:-} ]] || die "MTASTS_BINARY is not an executable (build target mta-sts-check)"
    "$MTASTS_BINARY" --help >/dev/null || die "$MTASTS_BINARY --help failed"
}
