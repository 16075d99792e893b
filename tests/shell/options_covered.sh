#!/bin/bash
# Every option src/cli/app.cpp defines is documented in the man page and offered by each of the
# bash, zsh and fish completions.
source "$(dirname "$0")/lib.sh"

mapfile -t options < <(app_options)
((${#options[@]} > 20)) || die "found only ${#options[@]} options in src/cli/app.cpp: the extraction is broken"

man_text=$(sed 's/\\-/-/g' "$man_page")
bash_text=$(<"$bash_completion")
zsh_text=$(<"$zsh_completion")
fish_text=$(<"$fish_completion")
for option in "${options[@]}"; do
    has_option_word "$option" <<<"$man_text" || fail "$option is not in the man page"
    has_option_word "$option" <<<"$bash_text" || fail "$option is not in the bash completion"
    has_option_word "$option" <<<"$zsh_text" || fail "$option is not in the zsh completion"
    # fish names options as "-l long" and "-s x".
    if [[ $option == --* ]]; then
        grep -qE -- "-l ${option#--}( |\$)" <<<"$fish_text" || fail "$option is not in the fish completion"
    else
        grep -qE -- "-s ${option#-}( |\$)" <<<"$fish_text" || fail "$option is not in the fish completion"
    fi
done
echo "checked ${#options[@]} options"
finish
