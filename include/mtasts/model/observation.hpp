#pragma once
// What was observed about one domain, as plain data: the input of the evaluator (src/check).
// src/net fills the parts of one lookup, fetch or SMTP session directly; the live check
// (src/check/live) puts them together; lint fills the parts the user gave. A part that was not
// looked at (or not given) is an empty optional, and the evaluator says nothing about it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/model/dane.hpp"
#include "mtasts/model/history.hpp"
#include "mtasts/model/net_failure.hpp"
#include "mtasts/model/report.hpp"

namespace mtasts::model {

// A DNS query that could not be answered (SERVFAIL, REFUSED, timeout, CNAME loop): inconclusive.
struct DnsFailure {
    std::string query;   // e.g. "TXT _mta-sts.example.com"
    std::string reason;  // e.g. "SERVFAIL", "timed out (no answer before the timeout)"
    bool local = false;  // this host could not ask (no descriptor left, no route): local.failure
};

// The inconclusive failure of `query` (e.g. "TXT _mta-sts.example.com"), or nullopt when the
// error only means "no such record" (NXDOMAIN, NODATA).
std::optional<DnsFailure> dns_failure(const std::string& query, const NetError& error);

// A TXT RRset (NXDOMAIN and NODATA are an empty `records`).
struct TxtObservation {
    std::string name;
    std::vector<std::string> records;      // strings of each record joined without spaces
    std::vector<std::string> cname_chain;  // CNAME targets followed, in order
    std::optional<DnsFailure> failure;
    std::optional<std::uint32_t> ttl;      // as the resolver answered (its cache may have aged it)
};

// One GET of the policy from one address of the policy host.
struct PolicyFetch {
    std::string ip;
    // Why no HTTP answer came (then `status` is empty). A body cut at the 64 KiB cap is an
    // answer: `too_large`, not an error.
    std::optional<NetError> error;
    std::optional<int> status;
    std::optional<std::string> location;       // on 3xx
    std::optional<std::string> content_type;   // nullopt: no header
    std::optional<std::string> cache_control;
    std::optional<std::int64_t> age;
    std::string body;                          // decoded (Content-Encoding undone), up to the 64 KiB cap
    std::uint64_t body_bytes = 0;              // decoded bytes seen (beyond the cap when too_large)
    bool too_large = false;                    // the transfer was cut at the cap
    std::optional<std::string> tls_version;
    std::optional<CertFacts> cert;             // subject, issuer, san, dates, trusted, chain_error
    std::int64_t elapsed_ms = 0;
};

// The policy host and what every address served; or, for lint, a body given directly.
struct PolicyObservation {
    std::string host;  // mta-sts.DOMAIN
    std::string url;
    std::optional<DnsFailure> address_failure;  // A/AAAA lookup failed (inconclusive)
    bool host_resolved = true;                  // false: NXDOMAIN/NODATA for both families
    // CNAME targets its A/AAAA answer followed, in order: a hosted setup (RFC 8461 §8.2).
    std::vector<std::string> cname_chain = {};
    // Set when -4/-6 left no address although the host has some of the other family, e.g.
    // "-6 excludes its IPv4 addresses": a choice of the user, not a fault of the domain.
    std::optional<std::string> family_excluded = std::nullopt;
    std::vector<PolicyFetch> fetches;
    std::optional<std::string> given_body;      // lint --policy: the body, no HTTP involved
    std::optional<std::uint64_t> given_body_cut_at;  // lint: the file is longer; only this many bytes were read
};

// What one SMTP session with one MX address saw.
struct ProbeObservation {
    // Why the session stopped before its end. local_failure: this host could not make the
    // connection (EMFILE, ENOBUFS, no route), which says nothing about the MX.
    std::optional<NetError> error;
    bool starttls_offered = false;
    std::optional<std::string> tls_version;  // "TLSv1.3"
    std::optional<std::string> cipher;
    std::optional<CertFacts> cert;           // name_match left empty (src/rfc decides it)
    std::optional<bool> forward_secrecy = std::nullopt;  // the key exchange is ephemeral; unknown without a handshake (lint)
    std::vector<ChainCertificate> chain = {};  // the chain sent, leaf first (DANE matching)
    std::optional<std::int64_t> elapsed_ms = std::nullopt;  // the session, connect to QUIT (live only)
    // How the session went on after a completed handshake (RFC 3207 §4.2: the client says EHLO
    // again): smtp_reply (421 or any non-250), closed_early or timeout; nullopt: 250 to the
    // EHLO after TLS (or not that far).
    std::optional<NetError> after_tls_error = std::nullopt;
};

// The TLSA RRset at _25._tcp.<mx host> (RFC 7672 §2.2.1). NXDOMAIN and NODATA are an empty
// `records`; a failed lookup only makes DANE unknown for the host.
struct TlsaObservation {
    std::vector<TlsaRecord> records;
    bool secure = false;                // the resolver validated the answer (AD bit)
    std::optional<DnsFailure> failure;  // SERVFAIL, timeout: nothing is said about DANE
    // TXT at _smtp._tls.<mx host>, where DANE failure reports go (RFC 8460 §3; docs/rfc-rules.md I6);
    // looked up only when there are TLSA records.
    std::optional<TxtObservation> tlsrpt = std::nullopt;
    std::string name = {};  // the name asked, _25._tcp.<mx host> (empty in hand-made observations)
};

struct MxAddressObservation {
    std::string ip;
    std::optional<ProbeObservation> probe;  // nullopt: not probed (--no-smtp, lint)
    // The extra sessions, which end after their handshake (docs/rfc-rules.md E8, E9). They count only
    // when the main probe completed, and only a failed TLS handshake or a completed one says
    // something; nullopt: not made (--single-probe, --no-smtp, lint).
    std::optional<ProbeObservation> probe_without_sni = std::nullopt;  // handshake without SNI
    std::optional<ProbeObservation> probe_legacy_tls = std::nullopt;   // handshake offering TLS 1.1 at most
};

struct MxHostObservation {
    std::string host;               // without the trailing dot
    std::optional<int> preference;  // nullopt for the implicit MX
    std::vector<MxAddressObservation> addresses;
    bool addresses_known = true;    // false in lint: no lookup was made
    std::optional<DnsFailure> address_failure;
    std::optional<TlsaObservation> tlsa = std::nullopt;  // nullopt: not looked up (lint)
    // As PolicyObservation::family_excluded: -4/-6 left none of the host's addresses.
    std::optional<std::string> family_excluded = std::nullopt;
};

struct MxObservation {
    std::optional<DnsFailure> failure;
    bool null_mx = false;          // exactly "0 ."
    bool null_mx_invalid = false;  // "." mixed with other MX records or with a preference other than 0
    bool implicit = false;         // no MX RRset: the domain itself is the MX (RFC 5321 §5.1)
    std::vector<MxHostObservation> hosts;
};

// How a TLS-RPT rua destination takes reports (RFC 8460 §3): by mail or by an HTTPS POST.
enum class RuaKind { mail, https };

// Whether one TLS-RPT rua destination can take reports (RFC 8460 §3): a mail domain that
// accepts mail, an https host with an address.
struct RuaDestinationObservation {
    std::string uri;
    RuaKind kind = RuaKind::mail;
    std::string host;                   // the mail domain or the https host
    bool null_mx = false;               // mail: the domain publishes "0 ." (RFC 7505): it accepts no mail
    bool reachable = false;             // mail: an MX or, without MX, an address; https: an address
    std::optional<DnsFailure> failure;  // could not find out: nothing is said about it
};

struct Observation {
    std::optional<std::string> domain;
    std::optional<TxtObservation> sts;
    std::optional<PolicyObservation> policy;
    std::optional<TxtObservation> tlsrpt;
    std::vector<RuaDestinationObservation> rua_destinations;  // live only
    std::optional<MxObservation> mx;
    bool smtp_skipped = false;  // --no-smtp
    unsigned smtp_port = 25;    // --smtp-port: the port the probes used, named in messages
    std::int64_t now = 0;       // seconds since the epoch: certificate dates are judged against it
    // --state: the policies earlier runs fetched (empty for a domain seen for the first time);
    // nullopt without --state, and then nothing is said about caches.
    std::optional<DomainHistory> history;
    // The provider of each CNAME target of mta-sts.D, _mta-sts.D and _smtp._tls.D (first link,
    // lower case): its registrable domain by the public suffix list (rfc/public_suffix.hpp), as
    // the live check found it; a target not in it is named by its last two labels.
    std::map<std::string, std::string> providers = {};
};

// Turns every "no such record" of the observation into an inconclusive lookup failure with
// `reason`: used when the resolver has shown that its negative answers cannot be trusted.
void distrust_negative_answers(Observation& observation, const std::string& reason);

}  // namespace mtasts::model
