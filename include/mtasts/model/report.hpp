#pragma once
// Plain data of one domain's check (live or lint): the facts gathered and the findings derived.
// Mirrors the JSON output (man page, OUTPUT); an absent fact is an empty optional and renders as null.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/model/dane.hpp"
#include "mtasts/model/finding.hpp"
#include "mtasts/model/history.hpp"
#include "mtasts/model/verdict.hpp"

namespace mtasts::model {

// Facts about one X.509 certificate (policy host or MX).
struct CertFacts {
    std::string subject;
    std::string issuer;
    std::vector<std::string> san;       // dNSName entries only
    std::optional<std::int64_t> not_before;  // seconds since the epoch, UTC
    std::optional<std::int64_t> not_after;
    std::optional<std::int64_t> days_left;   // whole days from the check's "now" to not_after
    std::optional<bool> trusted;
    std::optional<bool> name_match;
    std::optional<std::string> chain_error;  // verifier's words when untrusted
};

// Whether a TLS-RPT rua destination can receive reports; reachable is null when not looked up.
struct RuaDestinationFacts {
    std::string uri;
    std::string host;
    std::optional<bool> reachable;
};

// A TXT RRset at `_mta-sts.D` or `_smtp._tls.D` and what was parsed from it.
struct TxtRecordFacts {
    std::string name;
    std::vector<std::string> txt;          // every record of the RRset, strings joined
    std::optional<std::string> id;         // MTA-STS only: the effective id
    std::vector<std::string> rua;          // TLS-RPT only
    std::vector<std::string> cname_chain;  // names followed to reach the record
    std::optional<std::uint32_t> ttl;      // seconds, as the resolver answered
    std::vector<RuaDestinationFacts> rua_destinations;  // TLS-RPT only, live only
};

// The policy fetched from (or given for) `https://mta-sts.D/.well-known/mta-sts.txt`.
struct PolicyFacts {
    std::optional<std::string> url;
    std::optional<std::int64_t> fetch_ms;  // how long the fetch took (monitoring); null in lint
    std::optional<int> http_status;
    std::optional<std::string> content_type;
    std::optional<std::string> raw;
    std::optional<std::string> mode;
    std::optional<std::int64_t> max_age;
    // Live only: when a sender fetching the policy now may stop caching it (RFC 8461 §3.2),
    // seconds since the epoch; null when senders would not accept the policy.
    std::optional<std::int64_t> cached_until;
    std::vector<std::string> mx;
    std::optional<CertFacts> cert;
};

// One address of an MX host and what the SMTP probe saw there.
struct AddressProbe {
    std::string ip;
    std::optional<bool> starttls;
    std::optional<std::string> tls_version;
    std::optional<std::string> cipher;
    std::optional<bool> forward_secrecy;
    std::optional<CertFacts> cert;
    std::optional<std::string> error;
    // From the extra sessions; null when not made or inconclusive (refused connection, timeout...).
    std::optional<bool> sni_required;               // a handshake without SNI fails, one with it works
    std::optional<bool> legacy_tls_accepted;        // a handshake offering TLS 1.1 at most completes
    std::optional<std::string> legacy_tls_version;  // the version it negotiated ("TLSv1.1")
    // DANE (RFC 7672 §3): whether the certificate matches a usable TLSA record of the host;
    // null when the host has no secure usable TLSA records or no certificate was seen.
    std::optional<bool> dane_match;
    // How long the main SMTP session took, connect to QUIT (monitoring: --format openmetrics);
    // null when no probe was made (lint, --no-smtp).
    std::optional<std::int64_t> elapsed_ms = std::nullopt;
};

struct MxHost {
    std::string host;  // as in the MX RDATA, without the trailing dot
    std::optional<int> preference;  // null for the implicit MX
    std::optional<bool> covered_by_policy;
    std::optional<bool> deliverable_under_policy;
    std::vector<AddressProbe> addresses;
    std::optional<DaneFacts> dane = std::nullopt;  // null: no TLSA records, or the lookup failed or was not made
};

// Where a real sender implementation departs from the RFC 8461 reading for this domain's data
// (JSON `sender_differences`; docs/findings.md, "Real senders").
struct SenderDifference {
    std::string implementation;          // "postfix-mta-sts-resolver" | "mailauth"
    std::optional<std::string> mx;       // the MX host; null when it is about the policy as a whole
    std::string rfc_outcome;             // what a sender reading RFC 8461 does
    std::string implementation_outcome;  // what this implementation does instead
    std::string why;                     // the departure, in its own code's terms
};

// One of the names a hosted MTA-STS service takes over (RFC 8461 §8.2) and where its CNAME
// points; target and provider are null when the name is not a CNAME.
struct HostedName {
    std::string name;
    std::optional<std::string> target;    // the first CNAME target
    std::optional<std::string> provider;  // the target's registrable domain (public suffix list)
};

// A hosted setup: mta-sts.D or _mta-sts.D is a CNAME (JSON `hosted`).
struct HostedFacts {
    std::string provider;  // who serves the policy: the provider of mta-sts.D, else of _mta-sts.D
    HostedName policy_host;               // mta-sts.D
    HostedName sts_record;                // _mta-sts.D
    HostedName tlsrpt_record;             // _smtp._tls.D
};

struct DomainReport {
    std::optional<std::string> domain;  // null for a lint without --domain
    Verdict verdict = Verdict::pass;
    std::int64_t elapsed_ms = 0;
    Findings findings;
    std::optional<TxtRecordFacts> sts_record;
    std::optional<PolicyFacts> policy;
    std::optional<TxtRecordFacts> tlsrpt_record;
    std::vector<MxHost> mx;
    std::optional<HistoryFacts> history;  // null without --state
    // Live: every DNS lookup of the domain failed, so nothing was checked; the verdict is then
    // incomplete even when --ignore leaves no inconclusive finding counted.
    bool nothing_checked = false;
    std::vector<SenderDifference> sender_differences;
    std::optional<HostedFacts> hosted = std::nullopt;  // null: neither mta-sts.D nor _mta-sts.D is a CNAME
};

}  // namespace mtasts::model
