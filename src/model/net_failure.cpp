#include "mtasts/model/net_failure.hpp"

namespace mtasts::model {

std::string_view to_string(NetErrorKind kind) {
    switch (kind) {
        case NetErrorKind::dns_nxdomain: return "dns_nxdomain";
        case NetErrorKind::dns_nodata: return "dns_nodata";
        case NetErrorKind::dns_servfail: return "dns_servfail";
        case NetErrorKind::dns_refused: return "dns_refused";
        case NetErrorKind::dns_timeout: return "dns_timeout";
        case NetErrorKind::dns_cname_loop: return "dns_cname_loop";
        case NetErrorKind::dns_other: return "dns_other";
        case NetErrorKind::connect_refused: return "connect_refused";
        case NetErrorKind::connect_timeout: return "connect_timeout";
        case NetErrorKind::tls_handshake_failed: return "tls_handshake_failed";
        case NetErrorKind::tls_version_too_old: return "tls_version_too_old";
        case NetErrorKind::timeout: return "timeout";
        case NetErrorKind::http_protocol: return "http_protocol";
        case NetErrorKind::greeting_timeout: return "greeting_timeout";
        case NetErrorKind::smtp_reply: return "smtp_reply";
        case NetErrorKind::protocol_garbage: return "protocol_garbage";
        case NetErrorKind::closed_early: return "closed_early";
        case NetErrorKind::starttls_not_offered: return "starttls_not_offered";
        case NetErrorKind::starttls_refused: return "starttls_refused";
        case NetErrorKind::local_failure: return "local_failure";
        case NetErrorKind::other: return "other";
    }
    return "other";
}

std::string_view describe(NetErrorKind kind, NetExchange exchange) {
    const bool fetch = exchange == NetExchange::policy_fetch;
    switch (kind) {
        case NetErrorKind::dns_servfail: return "SERVFAIL";
        case NetErrorKind::dns_refused: return "REFUSED";
        case NetErrorKind::dns_timeout: return "timed out";
        case NetErrorKind::dns_cname_loop: return "CNAME loop or chain too long";
        case NetErrorKind::connect_refused: return "connection refused";
        case NetErrorKind::connect_timeout: return "connection timed out";
        case NetErrorKind::timeout: return "timed out";
        case NetErrorKind::local_failure: return "could not be tried from here";
        // An SMTP session's message reads "MX at IP: the TLS handshake failed: reason"; a
        // fetch's "fetching URL from IP TLS handshake failed (reason)".
        case NetErrorKind::tls_handshake_failed: return fetch ? "TLS handshake failed" : "the TLS handshake failed";
        case NetErrorKind::tls_version_too_old: return fetch ? "only TLS below 1.2 is offered" : "the TLS handshake failed";
        case NetErrorKind::greeting_timeout: return "no SMTP greeting before the timeout";
        case NetErrorKind::smtp_reply: return "unexpected SMTP reply";
        case NetErrorKind::protocol_garbage: return "the server sent something that is not SMTP";
        case NetErrorKind::closed_early: return "the server closed the connection early";
        case NetErrorKind::starttls_not_offered: return "STARTTLS is not offered";
        case NetErrorKind::starttls_refused: return "STARTTLS was refused";
        case NetErrorKind::dns_nxdomain:
        case NetErrorKind::dns_nodata:
        case NetErrorKind::dns_other:
        case NetErrorKind::http_protocol:
        case NetErrorKind::other: break;
    }
    return fetch ? "failed" : to_string(kind);
}

bool failed_with(const std::optional<NetError>& error, NetErrorKind kind) {
    return error && error->kind == kind;
}

bool is_no_record(const NetError& error) {
    return error.kind == NetErrorKind::dns_nxdomain || error.kind == NetErrorKind::dns_nodata;
}

}  // namespace mtasts::model
