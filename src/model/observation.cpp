#include "mtasts/model/observation.hpp"

namespace mtasts::model {

std::optional<DnsFailure> dns_failure(const std::string& query, const NetError& error) {
    if (is_no_record(error)) return std::nullopt;
    if (error.kind == NetErrorKind::local_failure) return DnsFailure{query, error.detail, true};
    std::string reason(describe(error.kind, NetExchange::dns_lookup));
    if (!error.detail.empty()) reason += " (" + error.detail + ")";
    return DnsFailure{query, reason};
}

namespace {

// An empty TXT RRset from an untrustworthy resolver is unknown, not "no record".
void distrust_empty_txt(std::optional<TxtObservation>& txt, const std::string& reason) {
    if (txt && txt->records.empty() && !txt->failure) txt->failure = DnsFailure{"TXT " + txt->name, reason};
}

void distrust_mx_hosts(MxObservation& mx, const std::string& reason) {
    for (MxHostObservation& host : mx.hosts) {
        if (host.addresses.empty() && !host.address_failure && !host.family_excluded) host.address_failure = DnsFailure{"A/AAAA " + host.host, reason};
        // No TLSA from such a resolver is no proof that the host has none: DANE stays unknown.
        if (host.tlsa && host.tlsa->records.empty() && !host.tlsa->failure) host.tlsa->failure = DnsFailure{"TLSA " + host.tlsa->name, reason};
        if (host.tlsa) distrust_empty_txt(host.tlsa->tlsrpt, reason);
    }
}

}  // namespace

void distrust_negative_answers(Observation& observation, const std::string& reason) {
    distrust_empty_txt(observation.sts, reason);
    distrust_empty_txt(observation.tlsrpt, reason);
    for (RuaDestinationObservation& destination : observation.rua_destinations) {
        // A null MX is a positive answer; only "nothing there" is in doubt.
        if (!destination.reachable && !destination.null_mx && !destination.failure)
            destination.failure = DnsFailure{(destination.kind == RuaKind::mail ? "MX " : "A/AAAA ") + destination.host, reason};
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
        distrust_mx_hosts(*observation.mx, reason);
    }
}

}  // namespace mtasts::model
