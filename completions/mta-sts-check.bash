# bash completion for mta-sts-check                                        -*- shell-script -*-
# Installed as share/bash-completion/completions/mta-sts-check. The options follow
# src/cli/app.cpp (tests/shell fails when they drift); the ids between the "finding ids" markers
# are generated from the catalog: cmake --build build --target update-docs.

# The finding ids, for --ignore.
_mta_sts_check_ids=(
# finding ids: begin (generated from include/mtasts/model/catalog_table.hpp)
    dns.lookup-failed
    local.failure
    local.family-excluded
    sts.record.missing
    sts.record.multiple
    sts.record.invalid
    sts.record.id-invalid
    sts.record.cname
    sts.hosted-mixed
    sts.hosted-partial
    sts.hosted-dangling
    sts.record.duplicate-field
    sts.record.unknown-field
    sts.record.space-before-semicolon
    policy.host-unresolvable
    policy.fetch-failed
    policy.cert-untrusted
    policy.cert-name-mismatch
    policy.cert-expired
    policy.cert-expiring
    policy.http-status
    policy.redirect
    policy.content-type
    policy.charset
    policy.too-large
    policy.size-ambiguous
    policy.slow
    policy.cache-control
    policy.addresses-differ
    policy.tls-version-old
    policy.ignored
    policy.invalid
    policy.version
    policy.version-not-first
    policy.mode-invalid
    policy.max-age-invalid
    policy.max-age-short
    policy.max-age-below-week
    policy.mode-none-max-age-long
    policy.mx-missing
    policy.mx-invalid
    policy.duplicate-key
    policy.unknown-key
    policy.line-endings
    policy.mode-testing
    policy.mode-none
    policy.mx-unused
    policy.mx-wildcard-broad
    policy.id-unchanged
    policy.id-changed-body-same
    policy.cached-rejects-mx
    sts.record.removed-while-cached
    mx.none
    mx.implicit
    mx.null
    mx.null-invalid
    mx.null-with-policy
    mx.not-covered
    mx.unresolvable
    mx.unreachable
    mx.probe-inconclusive
    mx.smtp-error
    mx.ehlo-after-tls-failed
    mx.ehlo-after-tls-timeout
    mx.starttls-missing
    mx.starttls-failed
    mx.cert-untrusted
    mx.cert-name-mismatch
    mx.cert-wildcard-partial
    mx.cert-expired
    mx.cert-expiring
    mx.tls-version-old
    mx.tls-version-too-old
    mx.tls13-missing
    mx.forward-secrecy-missing
    mx.tls-legacy-accepted
    mx.sni-required
    mx.probe-skipped
    mx.dane-active
    mx.dane-mismatch
    mx.dane-insecure
    mx.dane-tlsrpt-missing
    mx.dane-usage-pkix
    delivery.blocked
    sender.duplicate-field
    sender.line-breaks
    sender.id-unchecked
    sender.record-lenient
    sender.policy-lenient
    sender.content-type-unchecked
    sender.http-status-lenient
    sender.size-unchecked
    sender.charset-strict
    sender.wildcard-depth
    sender.cert-names-not-mx
    tlsrpt.record.missing
    tlsrpt.record.multiple
    tlsrpt.record.invalid
    tlsrpt.rua-invalid
    tlsrpt.rua-unreachable
    tlsrpt.rua-whitespace
    tlsrpt.record.long
    tlsrpt.record.unknown-field
    tlsrpt.record.cname
# finding ids: end
)

# Options of each command, and those of them that take a value.
_mta_sts_check_opts_main="-h --help --version -i --input --format --color --fail-on --strict --ignore
    -q --quiet -v --verbose --timeout --resolver --ca-file --state -4 -6 --no-smtp --single-probe --jobs --shard
    -o --output --resume --smtp-port --https-port --skip-invalid --greeting-timeout --per-host-sessions --max-rate"
_mta_sts_check_opts_lint="-h --help --policy --sts-record --tlsrpt-record --mx --domain --format --color
    --fail-on --strict --ignore -q --quiet -v --verbose"
_mta_sts_check_opts_report="-h --help --format --color -o --output --domain --since --until --skip-invalid
    -q --quiet"
_mta_sts_check_opts_summarize="-h --help --format --color -o --output --skip-invalid"
_mta_sts_check_opts_promote="-h --help --reports --days --format --color --timeout --resolver --ca-file -4 -6
    --no-smtp --single-probe --smtp-port --https-port --greeting-timeout --per-host-sessions --max-rate"
_mta_sts_check_opts_generate="-h --help --mode --max-age --mx --rua --wildcard --from-live --state --out --format
    --timeout --resolver --ca-file -4 -6 --smtp-port --https-port"
_mta_sts_check_valued="--reports --days -i --input --format --color --fail-on --ignore --timeout --resolver --ca-file --state --jobs --shard
    --smtp-port --https-port --policy --sts-record --tlsrpt-record --mx --domain -o --output --since --until
    --mode --max-age --rua --out --greeting-timeout --per-host-sessions --max-rate"

# Whether option $1 takes a value (then the next word is that value, not an argument).
_mta_sts_check_takes_value()
{
    [[ " ${_mta_sts_check_valued//$'\n'/ } " == *" $1 "* ]]
}

# Completes the mta-sts-check command line in COMP_WORDS at COMP_CWORD.
_mta_sts_check()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--format=js" reaches us split at '=' (COMP_WORDBREAKS): "--format" "=" "js".
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && (( COMP_CWORD >= 2 )); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    # The command is the first argument that is not an option or an option's value.
    local command=main seen_arg=0 i=1 word
    while (( i < COMP_CWORD )); do
        word=${COMP_WORDS[i]}
        if [[ $word == -* ]]; then
            if _mta_sts_check_takes_value "$word"; then
                # Skip the value, and the '=' when it was written --opt=value.
                if [[ ${COMP_WORDS[i + 1]} == = ]]; then ((i += 2)); else ((i += 1)); fi
            fi
        elif [[ $word != = ]]; then
            seen_arg=1
            if [[ $command == main && ( $word == lint || $word == report || $word == promote || $word == generate ||
                $word == summarize ) ]]; then
                command=$word
                seen_arg=0
            fi
            [[ $command == main ]] && break
        fi
        ((i += 1))
    done

    case $prev in
        --format)
            case $command in
                main) COMPREPLY=($(compgen -W "text json jsonl junit github sarif openmetrics" -- "$cur")) ;;
                lint) COMPREPLY=($(compgen -W "text json junit github sarif openmetrics" -- "$cur")) ;;
                report | summarize) COMPREPLY=($(compgen -W "text json html" -- "$cur")) ;;
                promote) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
                generate) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
            esac
            return 0
            ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            return 0
            ;;
        --mode)
            COMPREPLY=($(compgen -W "testing enforce" -- "$cur"))
            return 0
            ;;
        --out)
            compopt -o dirnames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return 0
            ;;
        --fail-on)
            COMPREPLY=($(compgen -W "error warning never" -- "$cur"))
            return 0
            ;;
        --ignore)
            COMPREPLY=($(compgen -W "${_mta_sts_check_ids[*]}" -- "$cur"))
            return 0
            ;;
        -i | --input | --policy | --ca-file | --state | -o | --output | --reports)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0
            ;;
        --timeout | --resolver | --jobs | --shard | --days | --smtp-port | --https-port | --sts-record | --tlsrpt-record | \
            --mx | --domain | --since | --until | --max-age | --rua)
            # A free-form value: nothing sensible to offer.
            return 0
            ;;
    esac

    local opts_var=_mta_sts_check_opts_$command
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${!opts_var}" -- "$cur"))
        return 0
    fi
    case $command in
        main) ((seen_arg == 0)) && COMPREPLY=($(compgen -W "lint report promote generate summarize" -- "$cur")) ;;
        promote) ((seen_arg == 0)) && COMPREPLY=($(compgen -A hostname -- "$cur")) ;;
        report | summarize)
            # Report files, mbox files and Maildir folders; JSONL files of a scan.
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            ;;
    esac
    return 0
}
complete -F _mta_sts_check mta-sts-check
