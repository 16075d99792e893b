#!/bin/bash
# The man page agrees with the binary's --help on what users type: every option of each command
# has an entry in that command's OPTIONS subsections, its value choices are the ones --help
# accepts, and its default is the one --help shows ("Default: X.").
source "$(dirname "$0")/lib.sh"
require_binary

# The man page source with \- as - and without font escapes, as "section<TAB>tag<TAB>body"
# lines: one per .TP entry, section = the .SS title it is under.
man_entries() {
    sed -E 's/\\-/-/g; s/\\f[BIRP]//g; s/\\&//g' "$man_page" | awk '
        function flush() { if (tag != "") print section "\t" tag "\t" body; tag = ""; body = "" }
        /^\.S[HS] / { flush(); section = $0; sub(/^\.S[HS] /, "", section); gsub(/"/, "", section); next }
        /^\.TP/ { flush(); want_tag = 1; next }
        want_tag { tag = $0; want_tag = 0; next }
        tag != "" { body = body " " $0 }
        END { flush() }'
}

# Checks the options of one command ($1: "" for the live check, or a command word) against the
# entries of the man page subsections whose titles match the regex $2.
check_command() {
    local command=$1 sections=$2 name=${1:-check}
    local entries help_text option line tag body default choices choice
    entries=$(man_entries | awk -F'\t' -v re="$sections" '$1 ~ re')
    help_text=$("$MTASTS_BINARY" ${command:+"$command"} --help)
    while read -r option; do
        line=$(awk -F'\t' -v option="$option" '{
                n = split($2, words, /[ ",]+/)
                for (i = 1; i <= n; i++) if (words[i] == option) { print; exit }
            }' <<<"$entries")
        if [[ -z $line ]]; then
            fail "$name: $option has no entry in the man page sections /$sections/"
            continue
        fi
        IFS=$'\t' read -r _ tag body <<<"$line"
        # The --help line of the option: "  --jobs UINT:UINT in [1 - 10000]=16" or "  -i,--input FILE".
        spec=$(grep -E -- "^ +(-[a-zA-Z0-9],)?$option( |$)" <<<"$help_text" | head -1)
        [[ -n $spec ]] || spec=$(grep -E -- "^ +$option,--" <<<"$help_text" | head -1)
        if [[ $spec =~ \{([a-z,]+)\} ]]; then
            choices=${BASH_REMATCH[1]}
            for choice in ${choices//,/ }; do
                [[ "|$(sed -E 's/^.*"? ([a-z|]+)"?$/\1/' <<<"$tag")|" == *"|$choice|"* ]] ||
                    fail "$name: $option accepts '$choice' but the man page tag is '$tag'"
            done
        fi
        if [[ $spec =~ =([^ ]+)( |$) ]]; then
            default=${BASH_REMATCH[1]}
            [[ $body == *"Default: $default."* ]] ||
                fail "$name: $option defaults to $default but its man page entry does not say 'Default: $default.'"
        fi
    done < <(help_options ${command:+"$command"})
}

check_command "" "^Options of the live check|^General options"
check_command lint "^Options of (the live check and of )?lint|^General options"
check_command report "^Options of report|^General options"
check_command promote "^Options of promote|^Options of the live check$|^General options"
check_command generate "^Options of generate|^Options of the live check$|^General options"
check_command summarize "^Options of summarize|^General options"
finish
