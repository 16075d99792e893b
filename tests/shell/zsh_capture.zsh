# Runs inside an interactive zsh started by zsh_completion.sh through zpty: loads compinit with
# completions/ first in fpath, and records every match the completion system adds to the file
# $ZSH_CAPTURE_FILE, followed by a "--done--" line when a completion has finished.
PROMPT= RPROMPT= PS2=
fpath=("$ZSH_COMPLETIONS_DIR" $fpath)
autoload -U compinit && compinit -u -d "$ZSH_CAPTURE_FILE.zcompdump"
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false

# Records the matches of each compadd call that adds matches (not the -O/-A/-D queries).
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return $?
  fi
  local -a capture_hits
  builtin compadd -A capture_hits "$@"
  (( $#capture_hits )) && print -rl -- $capture_hits >> "$ZSH_CAPTURE_FILE"
  builtin compadd "$@"
}

# Marks the end of one completion; comppostfuncs is emptied after each use, so set it again.
capture_done() {
  print -r -- --done-- >> "$ZSH_CAPTURE_FILE"
  comppostfuncs=(capture_done)
}
comppostfuncs=(capture_done)
bindkey '^I' complete-word
print -r -- capture-ready
