#include "translate.hpp"

#include <charconv>

#include "mtasts/rfc/dane.hpp"

namespace mtasts::check::live {

using net::NetErrorKind;

bool is_no_record(const net::NetError& error) {
    return error.kind == NetErrorKind::dns_nxdomain || error.kind == NetErrorKind::dns_nodata;
}

std::optional<DnsFailure> dns_failure(const std::string& query, const net::NetError& error) {
    if (is_no_record(error)) return std::nullopt;
    if (error.kind == NetErrorKind::local_failure) return DnsFailure{query, error.detail, true};
    std::string reason;
    switch (error.kind) {
        case NetErrorKind::dns_servfail: reason = "SERVFAIL"; break;
        case NetErrorKind::dns_refused: reason = "REFUSED"; break;
        case NetErrorKind::dns_timeout: reason = "timed out"; break;
        case NetErrorKind::dns_cname_loop: reason = "CNAME loop or chain too long"; break;
        default: reason = std::string(net::to_string(error.kind)); break;
    }
    if (!error.detail.empty()) reason += " (" + error.detail + ")";
    return DnsFailure{query, reason};
}

TxtObservation txt_observation(const std::string& name, const net::DnsResult<net::TxtAnswer>& result) {
    TxtObservation txt;
    txt.name = name;
    if (result) {
        txt.records = result->records;
        txt.cname_chain = result->meta.cname_chain;
        txt.ttl = result->meta.ttl;
    } else {
        txt.failure = dns_failure("TXT " + name, result.error());
    }
    return txt;
}

TlsaObservation tlsa_observation(const std::string& name, const net::DnsResult<net::TlsaAnswer>& result) {
    TlsaObservation tlsa;
    if (result) {
        tlsa.records = result->records;
        tlsa.secure = result->meta.authenticated;
    } else {
        tlsa.failure = dns_failure("TLSA " + name, result.error());
    }
    return tlsa;
}

namespace {

FetchError fetch_error(NetErrorKind kind) {
    switch (kind) {
        case NetErrorKind::connect_refused: return FetchError::connect_refused;
        case NetErrorKind::connect_timeout: return FetchError::connect_timeout;
        case NetErrorKind::timeout: return FetchError::timeout;
        case NetErrorKind::tls_handshake_failed: return FetchError::tls_handshake;
        case NetErrorKind::tls_version_too_old: return FetchError::tls_version_old;
        case NetErrorKind::local_failure: return FetchError::local_failure;
        default: return FetchError::other;
    }
}

ProbeError probe_error(const net::SmtpProbeResult& result) {
    switch (result.error->kind) {
        case NetErrorKind::connect_refused: return ProbeError::connect_refused;
        case NetErrorKind::connect_timeout: return ProbeError::connect_timeout;
        case NetErrorKind::greeting_timeout: return ProbeError::greeting_timeout;
        case NetErrorKind::smtp_reply: return ProbeError::smtp_reply;
        case NetErrorKind::protocol_garbage: return ProbeError::protocol_garbage;
        case NetErrorKind::closed_early: return ProbeError::closed_early;
        case NetErrorKind::starttls_not_offered: return ProbeError::starttls_not_offered;
        case NetErrorKind::starttls_refused: return ProbeError::starttls_refused;
        case NetErrorKind::tls_handshake_failed:
        case NetErrorKind::tls_version_too_old: return ProbeError::tls_handshake_failed;
        case NetErrorKind::timeout: return ProbeError::timeout;
        case NetErrorKind::local_failure: return ProbeError::local_failure;
        default: return result.stage == net::SmtpStage::handshake ? ProbeError::tls_handshake_failed : ProbeError::closed_early;
    }
}

}  // namespace

namespace {

// An empty TXT RRset from an untrustworthy resolver is unknown, not "no record".
void distrust_empty_txt(std::optional<TxtObservation>& txt, const std::string& reason) {
    if (txt && txt->records.empty() && !txt->failure) txt->failure = DnsFailure{"TXT " + txt->name, reason};
}

}  // namespace

void distrust_negative_answers(Observation& observation, const std::string& reason) {
    distrust_empty_txt(observation.sts, reason);
    distrust_empty_txt(observation.tlsrpt, reason);
    for (RuaDestinationObservation& destination : observation.rua_destinations) {
        // A null MX is a positive answer; only "nothing there" is in doubt.
        if (!destination.reachable && !destination.null_mx && !destination.failure)
            destination.failure = DnsFailure{(destination.kind == rfc::RuaDestination::Kind::mail ? "MX " : "A/AAAA ") + destination.host, reason};
    }
    if (observation.policy && !observation.policy->host_resolved && !observation.policy->address_failure &&
        !observation.policy->family_excluded) {
        observation.policy->address_failure = DnsFailure{"A/AAAA " + observation.policy->host, reason};
    }
    if (observation.mx && observation.mx->implicit && observation.domain) {
        // The "implicit MX" came from a negative MX answer: it is as untrustworthy.
        observation.mx = MxObservation{};
        observation.mx->failure = DnsFailure{"MX " + *observation.domain, reason};
    } else if (observation.mx) {
        for (MxHostObservation& host : observation.mx->hosts) {
            if (host.addresses.empty() && !host.address_failure && !host.family_excluded) host.address_failure = DnsFailure{"A/AAAA " + host.host, reason};
            // No TLSA from such a resolver is no proof that the host has none: DANE stays unknown.
            if (host.tlsa && host.tlsa->records.empty() && !host.tlsa->failure)
                host.tlsa->failure = DnsFailure{"TLSA " + rfc::tlsa_query_name(host.host), reason};
            if (host.tlsa) distrust_empty_txt(host.tlsa->tlsrpt, reason);
        }
    }
}

PolicyFetch policy_fetch(const net::PolicyFetch& fetch) {
    PolicyFetch out;
    out.ip = fetch.address;
    out.content_type = fetch.content_type;
    out.location = fetch.location;
    out.cache_control = fetch.cache_control;
    if (fetch.age) {
        std::int64_t age = 0;
        const auto [end, ec] = std::from_chars(fetch.age->data(), fetch.age->data() + fetch.age->size(), age);
        if (ec == std::errc()) out.age = age;
    }
    out.body = fetch.body;
    out.body_bytes = fetch.body_bytes_seen;
    out.too_large = fetch.too_large;
    out.tls_version = fetch.tls_version;
    out.cert = fetch.cert;
    out.elapsed_ms = fetch.elapsed_ms;
    out.status = fetch.http_status;
    // A body cut at the cap is an answer (policy.too-large); any other error means no answer.
    if (fetch.error && fetch.error->kind != NetErrorKind::http_too_large) {
        out.error = fetch_error(fetch.error->kind);
        out.error_detail = fetch.error->detail;
        out.status.reset();
    }
    return out;
}

ProbeObservation probe_observation(const net::SmtpProbeResult& result) {
    ProbeObservation probe;
    probe.starttls_offered = result.starttls_offered;
    probe.tls_version = result.tls_version;
    probe.cipher = result.cipher;
    probe.forward_secrecy = result.forward_secrecy;
    probe.cert = result.cert;
    probe.chain = result.chain;
    probe.elapsed_ms = result.elapsed_ms;
    if (result.error) {
        probe.error = probe_error(result);
        probe.error_detail = result.error->detail;
    }
    if (result.after_tls_error) {
        const NetErrorKind kind = result.after_tls_error->kind;
        const ProbeError error = kind == NetErrorKind::timeout     ? ProbeError::timeout
                                 : kind == NetErrorKind::smtp_reply ? ProbeError::smtp_reply
                                                                    : ProbeError::closed_early;
        probe.after_tls = AfterTlsFailure{error, result.after_tls_error->detail};
    }
    return probe;
}

}  // namespace mtasts::check::live
