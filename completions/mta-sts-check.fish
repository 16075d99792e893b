# fish completion for mta-sts-check. Installed in share/fish/vendor_completions.d. The options
# follow src/cli/app.cpp (tests/shell fails when they drift); the ids between the "finding ids"
# markers are generated from the catalog: cmake --build build --target update-docs.

# Finding ids with their default severity and meaning, for --ignore.
set -g __mta_sts_check_ids \
# finding ids: begin (generated from include/mtasts/model/catalog_table.hpp)
    dns.lookup-failed\t'inconclusive: a DNS query failed (SERVFAIL, REFUSED, timeout, CNAME loop)' \
    local.failure\t'inconclusive: this host could not make a lookup or connection (too many open files, out of memory or buffers, no route): nothing is known about the domain\'s side' \
    local.family-excluded\t'inconclusive: -4 or -6 excludes every address of a host, which has addresses of the other family: it was not checked' \
    sts.record.missing\t'error: no TXT record at _mta-sts.DOMAIN starts with v=STSv1' \
    sts.record.multiple\t'error: more than one v=STSv1 record: senders then apply no policy' \
    sts.record.invalid\t'error: the record breaks the grammar: senders assume there is no policy' \
    sts.record.id-invalid\t'error: the id is not 1 to 32 characters of A-Z, a-z, 0-9' \
    sts.record.cname\t'info: the record is reached through a CNAME (delegated to a provider)' \
    sts.hosted-mixed\t'warning: the policy is hosted (mta-sts.DOMAIN is a CNAME) but _mta-sts.DOMAIN, whose id must change with every change of the policy, does not point at the same provider' \
    sts.hosted-partial\t'info: a hosted setup in which not all of mta-sts.DOMAIN, _mta-sts.DOMAIN and _smtp._tls.DOMAIN point at the provider of the policy' \
    sts.hosted-dangling\t'warning: mta-sts.DOMAIN, _mta-sts.DOMAIN or _smtp._tls.DOMAIN is a CNAME to a name that does not exist or has no record of the type asked: the provider has not set up the domain, or has dropped it' \
    sts.record.duplicate-field\t'warning: a field appears twice; senders use the first and ignore the rest' \
    sts.record.unknown-field\t'info: an extension field the RFC does not define (senders ignore it)' \
    sts.record.space-before-semicolon\t'warning: whitespace before the \';\' after v=STSv1: a literal reading of section 3.1 drops the record' \
    policy.host-unresolvable\t'error: the host mta-sts.DOMAIN has no A/AAAA record' \
    policy.fetch-failed\t'error: connect, TLS or timeout failure fetching the policy' \
    policy.cert-untrusted\t'error: the policy host certificate does not chain to a trusted root' \
    policy.cert-name-mismatch\t'error: the policy host certificate does not cover mta-sts.DOMAIN' \
    policy.cert-expired\t'error: the policy host certificate is expired or not yet valid' \
    policy.cert-expiring\t'warning: the policy host certificate expires within 14 days' \
    policy.http-status\t'error: the HTTP status is not 200' \
    policy.redirect\t'error: a 3xx answer: senders must not follow redirects' \
    policy.content-type\t'error: the media type is not text/plain' \
    policy.charset\t'warning: the charset is neither utf-8 nor us-ascii' \
    policy.too-large\t'error: the body is larger than 64 KiB' \
    policy.size-ambiguous\t'warning: the body is between 64,000 and 65,536 bytes: some senders may cut it' \
    policy.slow\t'warning: the policy took more than 4 seconds to fetch; some senders give up sooner' \
    policy.cache-control\t'info: the response may be cached by proxies for longer than about 60 seconds' \
    policy.addresses-differ\t'warning: the addresses of the policy host disagree (one fails, or bodies differ)' \
    policy.tls-version-old\t'error: the policy host offers only TLS below 1.2' \
    policy.ignored\t'info: the policy was fetched for diagnosis only: without a valid TXT record senders never fetch it' \
    policy.invalid\t'error: a line breaks the policy grammar' \
    policy.version\t'error: "version: STSv1" is missing or has another value' \
    policy.version-not-first\t'info: version is not the first line (allowed, but some parsers expect it first)' \
    policy.mode-invalid\t'error: mode is missing or not enforce, testing or none' \
    policy.max-age-invalid\t'error: the max_age value is missing, not plain digits, or above 31557600' \
    policy.max-age-short\t'warning: the max_age value is below 86400 (one day)' \
    policy.max-age-below-week\t'info: mode enforce with a max_age below 604800 (one week)' \
    policy.mode-none-max-age-long\t'info: mode none with a max_age above 604800 (one week)' \
    policy.mx-missing\t'error: mode enforce or testing without any mx line' \
    policy.mx-invalid\t'error: an mx value is not a host name or *.-pattern' \
    policy.duplicate-key\t'error: the version, mode or max_age key is given more than once (senders use the first)' \
    policy.unknown-key\t'info: a key the RFC does not define (senders ignore it)' \
    policy.line-endings\t'info: lines end in bare LF instead of CRLF (allowed by the grammar)' \
    policy.mode-testing\t'info: testing mode: failures are reported, mail still flows' \
    policy.mode-none\t'warning: mode none: the policy is withdrawn' \
    policy.mx-unused\t'warning: an mx pattern matches no MX host' \
    policy.mx-wildcard-broad\t'info: a wildcard pattern accepts every host directly under its domain (a warning when that is a top-level domain, as in *.com)' \
    policy.id-unchanged\t'warning: the policy body differs from the one fetched earlier (--state) under the same _mta-sts id' \
    policy.id-changed-body-same\t'warning: the _mta-sts id changed but the policy body is the one fetched earlier (--state) under the old id' \
    policy.cached-rejects-mx\t'error: an MX host matches no mx pattern of an earlier policy (--state) that senders may still cache (testing: warning)' \
    sts.record.removed-while-cached\t'warning: no usable _mta-sts record, but a testing or enforce policy fetched earlier (--state) is still inside its max_age' \
    mx.none\t'error: no MX records and no address for an implicit MX' \
    mx.implicit\t'info: no MX records: the domain itself is the implicit MX' \
    mx.null\t'info: null MX: the domain accepts no mail' \
    mx.null-invalid\t'error: a null MX is mixed with other MX records, or has a preference other than 0' \
    mx.null-with-policy\t'warning: a null MX domain still publishes an MTA-STS policy in testing or enforce mode' \
    mx.not-covered\t'error: an MX host matches no policy mx pattern (enforce: senders refuse it)' \
    mx.unresolvable\t'error: an MX host has no A/AAAA' \
    mx.unreachable\t'warning: TCP connect to one MX address failed while others answered' \
    mx.probe-inconclusive\t'inconclusive: no MX address answered on port 25 from here' \
    mx.smtp-error\t'error: bad greeting or reply (421/554, garbage, early close)' \
    mx.ehlo-after-tls-failed\t'error: after the TLS handshake the MX closes the connection or answers the new EHLO with something other than 250' \
    mx.ehlo-after-tls-timeout\t'inconclusive: after the TLS handshake the MX did not answer the new EHLO before the timeout' \
    mx.starttls-missing\t'error: STARTTLS is not advertised in the EHLO reply' \
    mx.starttls-failed\t'error: STARTTLS was refused or the TLS handshake failed' \
    mx.cert-untrusted\t'error: the MX certificate does not chain to a trusted root' \
    mx.cert-name-mismatch\t'error: no SAN dNSName of the MX certificate matches the MX host name' \
    mx.cert-wildcard-partial\t'error: the MX certificate matches only through a partial-label wildcard (f*.example.com), which senders refuse' \
    mx.cert-expired\t'error: the MX certificate is expired or not yet valid' \
    mx.cert-expiring\t'warning: the MX certificate expires within 14 days' \
    mx.tls-version-old\t'warning: the negotiated TLS version is below 1.2' \
    mx.tls-version-too-old\t'error: the MX offers only TLS 1.0 or 1.1: a sender with current default TLS settings (TLS 1.2 or newer) cannot complete the handshake' \
    mx.tls13-missing\t'info: the MX negotiated TLS 1.2: it does not offer TLS 1.3' \
    mx.forward-secrecy-missing\t'info: the MX chose a cipher suite without forward secrecy (static RSA key exchange)' \
    mx.tls-legacy-accepted\t'warning: the MX negotiates TLS 1.2 or later but still accepts TLS 1.0 or 1.1' \
    mx.sni-required\t'warning: the MX refuses a TLS handshake without SNI' \
    mx.probe-skipped\t'info: SMTP probes were skipped (--no-smtp)' \
    mx.dane-active\t'info: the MX host has DNSSEC-validated TLSA records that match its certificate: DANE senders authenticate it that way' \
    mx.dane-mismatch\t'error: the MX host has DNSSEC-validated usable TLSA records, but none matches the certificate of an address' \
    mx.dane-insecure\t'info: TLSA records exist for the MX host but the answer is not DNSSEC-validated: senders ignore them' \
    mx.dane-tlsrpt-missing\t'info: DANE is in use for the MX host but _smtp._tls.MXHOST has no TLS-RPT record: DANE failures go unreported' \
    mx.dane-usage-pkix\t'warning: a TLSA record of the MX host uses usage 0 (PKIX-TA) or 1 (PKIX-EE), which SMTP clients treat as unusable' \
    delivery.blocked\t'error: mode enforce and no MX would accept mail from a compliant sender: mail is lost' \
    sender.duplicate-field\t'warning: a real sender keeps the last copy of a repeated field where RFC 8461 keeps the first' \
    sender.line-breaks\t'warning: a real sender splits policy lines at a bare CR (or VT, FF) and applies a policy RFC 8461 makes invalid' \
    sender.id-unchecked\t'warning: a real sender takes an id of any characters or length, so it applies a policy RFC 8461 ignores' \
    sender.record-lenient\t'warning: a real sender reads an _mta-sts record RFC 8461 makes invalid (case, spaces, fields) and applies the policy' \
    sender.policy-lenient\t'warning: a real sender skips or reinterprets policy lines RFC 8461 makes invalid and applies the policy' \
    sender.content-type-unchecked\t'warning: a real sender ignores the Content-Type and applies a policy RFC 8461 senders reject' \
    sender.http-status-lenient\t'warning: a real sender accepts any 2xx status, where RFC 8461 accepts only 200' \
    sender.size-unchecked\t'warning: a real sender reads a policy body of any size, where RFC 8461 senders stop at 64 KiB' \
    sender.charset-strict\t'warning: a real sender cannot decode the policy (non-ASCII bytes without a charset, or an unknown charset) and applies none' \
    sender.wildcard-depth\t'warning: a real sender lets a "*." pattern match MX hosts more than one label deep' \
    sender.cert-names-not-mx\t'warning: Postfix with postfix-mta-sts-resolver checks the certificate names against the policy patterns, not the MX host name' \
    tlsrpt.record.missing\t'warning: no v=TLSRPTv1 record at _smtp._tls.DOMAIN' \
    tlsrpt.record.multiple\t'error: more than one v=TLSRPTv1 record: senders then send no reports' \
    tlsrpt.record.invalid\t'error: the record breaks the grammar (version not first, no rua, bad field)' \
    tlsrpt.rua-invalid\t'error: a rua URI is not a valid mailto: or https: URI' \
    tlsrpt.rua-unreachable\t'warning: a rua destination cannot receive reports (its domain takes no mail or its host has no address)' \
    tlsrpt.rua-whitespace\t'warning: whitespace between rua= and the first URI: strict reporters reject the record' \
    tlsrpt.record.long\t'info: the record is longer than one 255-octet TXT string, so it is split into several' \
    tlsrpt.record.unknown-field\t'info: an extension field the RFC does not define (senders ignore it)' \
    tlsrpt.record.cname\t'info: the record is reached through a CNAME' \
# finding ids: end

# True when no command word (lint, report, promote, generate, summarize) has been given: the live check.
function __mta_sts_check_is_check
    not __fish_seen_subcommand_from lint report promote generate summarize
end

# True for the commands that check a live domain: the live check and promote.
function __mta_sts_check_is_live
    not __fish_seen_subcommand_from lint report generate summarize
end

# True when the command word is $argv[1].
function __mta_sts_check_is
    __fish_seen_subcommand_from $argv[1]
end

set -l c mta-sts-check
complete -c $c -f

# Commands.
complete -c $c -n '__fish_use_subcommand' -a lint -d 'Check records, a policy file and MX names offline'
complete -c $c -n '__fish_use_subcommand' -a report -d 'Summarize TLS-RPT aggregate reports'
complete -c $c -n '__fish_use_subcommand' -a promote -d 'Say whether the testing policy can be enforced'
complete -c $c -n '__fish_use_subcommand' -a generate -d 'Write a policy, its DNS records and web server configurations'
complete -c $c -n '__fish_use_subcommand' -a summarize -d 'Summarize the JSONL output of many live checks (a scan)'

# Help, everywhere; version, for the program only.
complete -c $c -s h -l help -d 'Print help and exit'
complete -c $c -n '__mta_sts_check_is_check' -l version -d 'Print the version and the linked library versions'

# Options the live check and lint share.
set -l check_or_lint 'not __fish_seen_subcommand_from report promote generate summarize'
complete -c $c -n $check_or_lint -l color -x -a 'auto always never' -d 'Colour in text output'
complete -c $c -n $check_or_lint -l fail-on -x -a 'error warning never' -d 'Exit 1 on findings at or above this level'
complete -c $c -n $check_or_lint -l strict -d 'Same as --fail-on warning'
complete -c $c -n $check_or_lint -l ignore -x -a '$__mta_sts_check_ids' -d 'Leave a finding id out of the verdict'
complete -c $c -n $check_or_lint -s q -l quiet -d 'Print only problems and the verdict'
complete -c $c -n $check_or_lint -s v -l verbose -d 'Also print informational findings and raw facts'

# The live check (the network options also for promote).
complete -c $c -n '__mta_sts_check_is_check' -s i -l input -r -F -d 'Read domains from FILE (- = stdin)'
complete -c $c -n '__mta_sts_check_is_check' -l skip-invalid -d 'Skip malformed domains (named on stderr) instead of stopping'
complete -c $c -n '__mta_sts_check_is_check' -l format -x -a 'text json jsonl junit github sarif openmetrics' -d 'Output format'
complete -c $c -n '__mta_sts_check_is_live' -l timeout -x -d 'Timeout of each network operation, in seconds'
complete -c $c -n '__mta_sts_check_is_live' -l resolver -x -d 'DNS resolver IP[:PORT] (repeatable)'
complete -c $c -n '__mta_sts_check_is_live' -l ca-file -r -F -d 'Extra trust anchors (PEM)'
complete -c $c -n '__mta_sts_check_is_check' -l state -r -F -d 'Remember fetched policies in FILE (JSON)'
complete -c $c -n '__mta_sts_check_is_live' -s 4 -d 'Use IPv4 addresses only'
complete -c $c -n '__mta_sts_check_is_live' -s 6 -d 'Use IPv6 addresses only'
complete -c $c -n '__mta_sts_check_is_live' -l no-smtp -d 'Skip the port-25 probes'
complete -c $c -n '__mta_sts_check_is_live' -l single-probe -d 'One SMTP session per MX address: skip the SNI-less and legacy-TLS probes'
complete -c $c -n '__mta_sts_check_is_live' -l greeting-timeout -x -d 'Seconds to wait for an SMTP greeting'
complete -c $c -n '__mta_sts_check_is_live' -l per-host-sessions -x -d 'SMTP sessions at once to one MX address'
complete -c $c -n '__mta_sts_check_is_live' -l max-rate -x -d 'New SMTP connections per second (0 = no limit)'
complete -c $c -n '__mta_sts_check_is_check' -l jobs -x -d 'Domains checked at once'
complete -c $c -n '__mta_sts_check_is_check' -l shard -x -d 'Check only shard K/N of the domains'
complete -c $c -n '__mta_sts_check_is_check' -s o -l output -r -F -d 'Write each result to FILE as a JSONL line'
complete -c $c -n '__mta_sts_check_is_check' -l resume -d 'With -o: skip the domains FILE already holds'
complete -c $c -n '__mta_sts_check_is_live' -l smtp-port -x -d 'Advanced: SMTP port to probe (tests)'
complete -c $c -n '__mta_sts_check_is_live' -l https-port -x -d 'Advanced: HTTPS port of the policy host (tests)'

# lint.
complete -c $c -n '__mta_sts_check_is lint' -l policy -r -F -d 'Policy file to check (- = stdin)'
complete -c $c -n '__mta_sts_check_is lint' -l sts-record -x -d 'A TXT record at _mta-sts (repeatable)'
complete -c $c -n '__mta_sts_check_is lint' -l tlsrpt-record -x -d 'A TXT record at _smtp._tls (repeatable)'
complete -c $c -n '__mta_sts_check_is lint' -l mx -x -a '(__fish_print_hostnames)' -d 'An MX host name (repeatable)'
complete -c $c -n '__mta_sts_check_is lint' -l domain -x -a '(__fish_print_hostnames)' -d 'The policy domain'
complete -c $c -n '__mta_sts_check_is lint' -l format -x -a 'text json junit github sarif openmetrics' -d 'Output format'

# report: files, mbox files and Maildir folders.
complete -c $c -n '__mta_sts_check_is report' -F
complete -c $c -n '__mta_sts_check_is report' -l format -x -a 'text json html' -d 'Output format'
complete -c $c -n '__mta_sts_check_is report' -l color -x -a 'auto always never' -d 'Colour in text output'
complete -c $c -n '__mta_sts_check_is report' -s o -l output -r -F -d 'Write the summary to FILE'
complete -c $c -n '__mta_sts_check_is report' -l domain -x -a '(__fish_print_hostnames)' -d 'Only reports about this policy domain'
complete -c $c -n '__mta_sts_check_is report' -l since -x -d 'Only reports whose period ends on or after DATE'
complete -c $c -n '__mta_sts_check_is report' -l until -x -d 'Only reports whose period starts before DATE'
complete -c $c -n '__mta_sts_check_is report' -l skip-invalid -d 'Skip unreadable inputs without failing the run'
complete -c $c -n '__mta_sts_check_is report' -s q -l quiet -d 'No progress and no per-file warnings'

# summarize: JSONL files of a scan.
complete -c $c -n '__mta_sts_check_is summarize' -F
complete -c $c -n '__mta_sts_check_is summarize' -l format -x -a 'text json html' -d 'Output format'
complete -c $c -n '__mta_sts_check_is summarize' -l color -x -a 'auto always never' -d 'Colour in text output'
complete -c $c -n '__mta_sts_check_is summarize' -s o -l output -r -F -d 'Write the summary to FILE'
complete -c $c -n '__mta_sts_check_is summarize' -l skip-invalid -d 'Count invalid lines without failing the run'

# promote: the domain, then report files, mbox files and Maildir folders.
complete -c $c -n '__mta_sts_check_is promote' -a '(__fish_print_hostnames)'
complete -c $c -n '__mta_sts_check_is promote' -l reports -r -F -d 'TLS-RPT reports: files, mbox, Maildir (repeatable)'
complete -c $c -n '__mta_sts_check_is promote' -l days -x -d 'Read the reports of the last N whole UTC days'
complete -c $c -n '__mta_sts_check_is promote' -l format -x -a 'text json' -d 'Output format'
complete -c $c -n '__mta_sts_check_is promote' -l color -x -a 'auto always never' -d 'Colour in text output'
# generate.
set -l gen '__mta_sts_check_is generate'
complete -c $c -n $gen -l mode -x -a 'testing enforce' -d 'Policy mode'
complete -c $c -n $gen -l max-age -x -d 'Seconds senders cache the policy'
complete -c $c -n $gen -l mx -x -a '(__fish_print_hostnames)' -d 'An MX host the policy must cover (repeatable)'
complete -c $c -n $gen -l rua -x -d 'Where TLS-RPT reports go (repeatable)'
complete -c $c -n $gen -l wildcard -d 'Cover MX hosts sharing a parent with one *.parent pattern'
complete -c $c -n $gen -l from-live -d 'Propose a change of the served policy'
complete -c $c -n $gen -l state -r -F -d 'The live check state file, to name cached policies'
complete -c $c -n $gen -l out -x -a '(__fish_complete_directories)' -d 'Write each file into DIR'
complete -c $c -n $gen -l format -x -a 'text json' -d 'Output format'
complete -c $c -n $gen -l timeout -x -d 'Timeout of each network operation, in seconds'
complete -c $c -n $gen -l resolver -x -d 'DNS resolver IP[:PORT] (repeatable)'
complete -c $c -n $gen -l ca-file -r -F -d 'Extra trust anchors (PEM)'
complete -c $c -n $gen -s 4 -d 'Use IPv4 addresses only'
complete -c $c -n $gen -s 6 -d 'Use IPv6 addresses only'
complete -c $c -n $gen -l smtp-port -x -d 'Advanced: SMTP port to probe (tests)'
complete -c $c -n $gen -l https-port -x -d 'Advanced: HTTPS port of the policy host (tests)'
