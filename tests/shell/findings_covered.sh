#!/bin/bash
# Every id of the finding catalog is in the man page (with its default severity), in
# docs/findings.md (with its severity, RFC and result type) and in the id list of each
# completion, and none of them lists an id the catalog does not have.
source "$(dirname "$0")/lib.sh"

mapfile -t rows < <(catalog_rows)
((${#rows[@]} > 0)) || die "the catalog dump is empty"
catalog_ids=$(printf '%s\n' "${rows[@]}" | cut -f1 | sort)

# A table cell without its padding and backquotes.
trim() { sed -E 's/^ +//; s/ +$//; s/^`//; s/`$//' <<<"$1"; }

man_text=$(sed 's/\\-/-/g' "$man_page")
[[ -f $findings_doc ]] || die "$findings_doc is missing"
doc_text=$(<"$findings_doc")
for row in "${rows[@]}"; do
    # Tabs are whitespace to read, so empty fields would merge: split on \x1f instead.
    IFS=$'\x1f' read -r id severity rfc result_type _ <<<"${row//$'\t'/$'\x1f'}"
    # Man page FINDINGS entries are ".TP" then "\fBID\fR (severity)".
    grep -qxF "\\fB$id\\fR ($severity)" <<<"$man_text" ||
        fail "man page: no FINDINGS entry '\\fB$id\\fR ($severity)'"
    # docs/findings.md rows are "| `id` | severity | meaning | rfc | result type | fix |".
    doc_row=$(grep -F "| \`$id\` |" <<<"$doc_text")
    if [[ -z $doc_row ]]; then
        fail "docs/findings.md: no row for $id"
        continue
    fi
    IFS='|' read -r _ doc_id doc_severity _ doc_rfc doc_type _ <<<"$doc_row"
    [[ $(trim "$doc_severity") == "$severity" ]] || fail "docs/findings.md: $id severity is '$(trim "$doc_severity")', the catalog says $severity"
    [[ $(trim "$doc_rfc") == "${rfc:-—}" ]] || fail "docs/findings.md: $id RFC is '$(trim "$doc_rfc")', the catalog says '${rfc:-—}'"
    [[ $(trim "$doc_type") == "${result_type:-—}" ]] || fail "docs/findings.md: $id result type is '$(trim "$doc_type")', the catalog says '${result_type:-—}'"
done

# No stale ids: every id the docs list is in the catalog.
man_ids=$(grep -oE '^\\fB[a-z]+(\.[a-z0-9-]+)+\\fR \(' <<<"$man_text" | sed -E 's/^\\fB//; s/\\fR \($//' | sort)
stale=$(comm -13 <(echo "$catalog_ids") <(echo "$man_ids"))
[[ -z $stale ]] || fail "man page lists ids the catalog does not have: $(echo $stale)"
doc_ids=$(grep -oE '^\| `[a-z]+(\.[a-z0-9-]+)+`' <<<"$doc_text" | sed -E 's/^\| `//; s/`$//' | sort)
stale=$(comm -13 <(echo "$catalog_ids") <(echo "$doc_ids"))
[[ -z $stale ]] || fail "docs/findings.md lists ids the catalog does not have: $(echo $stale)"

# Completions: the id list equals the catalog (update completions/* when adding a finding).
for file in "$bash_completion" "$zsh_completion" "$fish_completion"; do
    listed=$(completion_ids "$file")
    missing=$(comm -23 <(echo "$catalog_ids") <(echo "$listed"))
    extra=$(comm -13 <(echo "$catalog_ids") <(echo "$listed"))
    [[ -z $missing ]] || fail "${file#"$src"/}: ids missing from the list: $(echo $missing)"
    [[ -z $extra ]] || fail "${file#"$src"/}: ids not in the catalog: $(echo $extra)"
done
echo "checked ${#rows[@]} ids"
finish
