#pragma once
// The one vocabulary of network failures: what went wrong with one lookup, policy fetch or SMTP
// session, as a value. src/net fills it; src/check decides what a failure means (a finding, or
// an inconclusive verdict) and words it with describe().
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::model {

enum class NetErrorKind {
    // DNS (RFC 1035 §4.1.1 rcodes, kept apart because they mean different things to a checker).
    dns_nxdomain,    // the name does not exist
    dns_nodata,      // the name exists, but has no record of the type asked (NOERROR, empty)
    dns_servfail,    // the resolver could not answer (inconclusive)
    dns_refused,     // the resolver refused the query (inconclusive)
    dns_timeout,     // no answer within the timeout after every try (inconclusive)
    dns_cname_loop,  // the answer's CNAME chain loops or is longer than 8 links
    dns_other,       // any other failure: FORMERR, malformed answer, no servers, ...
    // Connections (HTTPS and SMTP).
    connect_refused,       // TCP RST (or unreachable) on connect
    connect_timeout,       // no TCP connection within the connect timeout
    tls_handshake_failed,  // handshake failed; detail has OpenSSL's reason
    tls_version_too_old,   // the server only offers a protocol version we could not even try
    timeout,               // a later phase (HTTP transfer, EHLO, STARTTLS, ...) ran out of time
    // HTTPS.
    http_protocol,  // not an HTTP answer, broken encoding, a header over the cap, ...
    // SMTP (RFC 5321, RFC 3207).
    greeting_timeout,      // connected, but no complete greeting within the greeting timeout
    smtp_reply,            // a 4xx/5xx reply where a success was due; detail = the reply text
    protocol_garbage,      // bytes that are not an SMTP reply, or a line/reply over the caps
    closed_early,          // the server closed the connection in the middle of the dialogue
    starttls_not_offered,  // EHLO reply has no STARTTLS extension
    starttls_refused,      // STARTTLS answered with anything but 220 (e.g. 454)
    // The checker's own host could not do it (no file descriptor or memory left, no route,
    // address family unavailable here): says nothing about the server. detail names the cause.
    local_failure,
    other,
};

struct NetError {
    NetErrorKind kind = NetErrorKind::other;
    std::string detail;  // human words: rcode, OpenSSL reason, server reply text, ...
    // DNS: the CNAME targets the answer followed before it failed, in order. NXDOMAIN or NODATA
    // at the end of a chain is a dangling CNAME (a hosted setup the provider dropped, RFC 8461
    // §8.2), which the evaluator tells apart from a name that was never published.
    std::vector<std::string> cname_chain = {};
};

// Stable lower-case name of a kind, e.g. "dns_servfail", "connect_refused".
std::string_view to_string(NetErrorKind kind);

// What was being done when a failure happened: messages word a few kinds differently for each.
enum class NetExchange { dns_lookup, policy_fetch, smtp_session };

// How a failure reads in a finding's message, e.g. "connection refused", "STARTTLS was refused".
std::string_view describe(NetErrorKind kind, NetExchange exchange);

// Whether `error` is a failure of `kind` (false when nothing failed).
bool failed_with(const std::optional<NetError>& error, NetErrorKind kind);

// Whether a DNS error only means "there is no such record" (NXDOMAIN, NODATA), not "unknown".
bool is_no_record(const NetError& error);

}  // namespace mtasts::model
