#include "mtasts/net/error.hpp"

namespace mtasts::net {

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
        case NetErrorKind::http_too_large: return "http_too_large";
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

}  // namespace mtasts::net
