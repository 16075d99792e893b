#!/bin/bash
# Prints, for each finding id given (default: every id of the catalog), the lines to paste into
# man/mta-sts-check.1 (FINDINGS), docs/findings.md (table row) and the id lists of the three
# completions, so that adding a finding to the catalog is a copy and paste.
# Usage: MTASTS_DUMP_CATALOG=build/tests/shell/mtasts_dump_catalog tests/shell/finding_entries.sh [ID...]
source "$(dirname "$0")/lib.sh"

# Prints the catalog rows whose id is one of the arguments, or all rows without arguments.
selected_rows() {
    if (($# == 0)); then
        catalog_rows
    else
        catalog_rows | awk -F'\t' 'BEGIN { for (i = 1; i < ARGC; i++) want[ARGV[i]] = 1; ARGC = 1 } $1 in want' "$@"
    fi
}

mapfile -t rows < <(selected_rows "$@")
for part in man markdown bash zsh fish; do
    echo "--- $part"
    for row in "${rows[@]}"; do
        IFS=$'\x1f' read -r id severity rfc result_type title hint <<<"${row//$'\t'/$'\x1f'}"
        title_ascii=${title//§/section }
        case $part in
            man)
                echo ".TP"
                echo "\\fB${id//-/\\-}\\fR ($severity)"
                # Capitalised sentence; option names and the section sign in roff escapes.
                sentence="${title^}."
                sentence=$(perl -CSD -pe 's/--([a-z][a-z0-9-]*)/"\\-\\-" . ($1 =~ s{-}{\\-}gr)/ge; s/\x{a7}/\\(sc/g' <<<"$sentence")
                echo "$sentence"
                ;;
            markdown)
                cell() { [[ -n $1 ]] && sed -E 's/\|/\\|/g; s/\*/\\*/g' <<<"$1" || echo "—"; }
                type_cell="—"
                [[ -n $result_type ]] && type_cell="\`$result_type\`"
                echo "| \`$id\` | $severity | $(cell "$title") | $(cell "$rfc") | $type_cell | $(cell "$hint") |"
                ;;
            bash) echo "    $id" ;;
            zsh)
                description="($severity) $title_ascii"
                description=${description//:/\\:}
                echo "    '$id:${description//\'/\'\\\'\'}'"
                ;;
            fish)
                description="$severity: $title_ascii"
                echo "    $id\\t'${description//\'/\\\'}' \\"
                ;;
        esac
    done
done
