// Per MX host: which hosts a modelled implementation delivers to, next to the RFC 8461 answer
// (covered by a pattern, §4.1, and a certificate valid for the MX host name, §4.2).
#include <algorithm>

#include "mtasts/rfc/cert_names.hpp"
#include "mtasts/rfc/policy.hpp"
#include "sender_compare.hpp"

namespace mtasts::check::senders {
namespace {

// A completed handshake with a trusted certificate in date: what every sender needs first.
bool tls_ok(const MxAddressObservation& address, std::int64_t now) {
    if (!address.probe || address.probe->error || !address.probe->cert) return false;
    // Debian 12's OpenSSL defaults refuse TLS below 1.2 (RFC 8461 §7.2, BCP 195).
    if (address.probe->tls_version && is_old_tls(*address.probe->tls_version)) return false;
    const model::CertFacts& cert = *address.probe->cert;
    if (cert.trusted != true) return false;
    if (cert.not_before && now < *cert.not_before) return false;
    return !(cert.not_after && now > *cert.not_after);
}

bool judged(const MxAddressObservation& address) {
    return address.probe && !model::failed_with(address.probe->error, NetErrorKind::connect_refused) &&
           !model::failed_with(address.probe->error, NetErrorKind::connect_timeout);
}

const model::MxHost* facts_of(const CompareContext& context, std::string_view host) {
    auto found = std::ranges::find_if(context.report.mx, [host](const model::MxHost& h) { return h.host == host; });
    return found == context.report.mx.end() ? nullptr : &*found;
}

// Whether an address passes for this host under a name check.
template <typename NameCheck>
std::optional<bool> any_address(const CompareContext& context, const MxHostObservation& host, NameCheck names_ok) {
    bool any_judged = false;
    for (const MxAddressObservation& address : host.addresses) {
        if (!judged(address)) continue;
        any_judged = true;
        if (tls_ok(address, context.observation.now) && names_ok(*address.probe->cert)) return true;
    }
    if (!any_judged) return std::nullopt;
    return false;
}

// RFC 8461 §4.2 with RFC 9525: a SAN equal to the host, or "*." over exactly its first label
// (partial-label wildcards count as no match here, as in Postfix and mailauth's MTAs).
bool names_mx(std::string_view host, const model::CertFacts& cert) {
    const rfc::NameMatch match = rfc::match_host_to_sans(host, cert.san);
    return match == rfc::NameMatch::exact || match == rfc::NameMatch::wildcard;
}

// RFC 8461 §4.1: '*' is exactly one label; a deeper host is what only the implementations cover.
bool covered_only_deeper(const SenderPolicy& policy, std::string_view host) {
    return std::ranges::any_of(policy.mx, [host](const std::string& pattern) {
        return pattern.starts_with("*.") && host.ends_with(pattern.substr(1)) && !rfc::mx_pattern_matches(pattern, host);
    });
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

std::string cert_names(const MxHostObservation& host) {
    for (const MxAddressObservation& address : host.addresses) {
        if (!address.probe || !address.probe->cert) continue;
        const auto names = postfix_cert_names(address.probe->cert->san, address.probe->cert->subject);
        // Without a DNS name OpenSSL's host check falls back to the subject CN.
        if (!names.empty()) return join(names, ", ") + (address.probe->cert->san.empty() ? ", the subject CN" : "");
    }
    return "none seen";
}

Departure mx_row(model::FindingId id, std::string_view implementation, const MxHostObservation& host, bool rfc, bool impl,
                 std::string why) {
    Departure departure{id, true, {}};
    departure.row.implementation = std::string(implementation);
    departure.row.mx = host.host;
    departure.row.rfc_outcome = rfc ? "delivers" : "refuses";
    departure.row.implementation_outcome = impl ? "delivers" : "refuses";
    departure.row.why = std::move(why);
    return departure;
}

std::optional<Departure> postfix_row(const CompareContext& context, const MxHostObservation& host, const SenderPolicy& policy) {
    const std::optional<bool> rfc = rfc_delivers(context, host);
    const std::optional<bool> impl = implementation_delivers(context, host, k_postfix_resolver, policy);
    if (!rfc || !impl || *rfc == *impl) return std::nullopt;
    const std::string match = join(postfix_match_list(policy.mx), ":");
    const bool names_host =
        any_address(context, host, [&](const model::CertFacts& cert) { return names_mx(host.host, cert); }).value_or(false);
    if (!*rfc && names_host && covered_only_deeper(policy, host.host)) {
        return mx_row("sender.wildcard-depth", k_postfix_resolver, host, false, true,
                      "responder.py hands Postfix \"secure match=" + match + "\": the leading '*' is cut, and Postfix's \".d\" "
                      "matches names any number of labels below d, while RFC 8461 §4.1 lets \"*.\" stand for exactly one label");
    }
    return mx_row("sender.cert-names-not-mx", k_postfix_resolver, host, *rfc, *impl,
                  "Postfix gets \"secure match=" + match + "\" and checks the certificate names (" + cert_names(host) +
                      ") against those patterns" + (*impl ? std::string() : "; an IP address among them fails every certificate") +
                      ". It never checks that the MX host name matches a pattern or that the certificate names the MX "
                      "host, as RFC 8461 §4.1 and §4.2 do");
}

std::optional<Departure> mailauth_row(const CompareContext& context, const MxHostObservation& host, const SenderPolicy& policy) {
    const model::MxHost* facts = facts_of(context, host.host);
    if (facts == nullptr || !facts->covered_by_policy) return std::nullopt;
    const bool covered = mailauth_mx_matches(host.host, policy.mx);
    if (covered == *facts->covered_by_policy) return std::nullopt;
    const std::optional<bool> rfc = rfc_delivers(context, host);
    const std::optional<bool> impl = implementation_delivers(context, host, k_mailauth, policy);
    Departure departure = mx_row("sender.wildcard-depth", k_mailauth, host, rfc.value_or(false), impl.value_or(covered),
                                 "validateMx compares \"*.d\" as the suffix \".d\", so it covers names any number of labels "
                                 "below d; RFC 8461 §4.1 lets \"*.\" stand for exactly one label");
    departure.row.rfc_outcome = std::string(covered ? "refuses: matches no mx pattern" : "delivers");
    departure.row.implementation_outcome = covered ? (impl == false ? "covered, but refuses: its TLS fails" : "delivers") : "refuses";
    departure.mail_differs = rfc != impl;
    return departure;
}

}  // namespace

std::optional<bool> rfc_delivers(const CompareContext& context, const MxHostObservation& host) {
    if (effective_mode(context.rfc, "") != "enforce") return true;
    // The same TLS gate as the implementations, so that a row is only ever about names and patterns.
    const model::MxHost* facts = facts_of(context, host.host);
    if (facts == nullptr || !facts->covered_by_policy) return std::nullopt;
    if (!*facts->covered_by_policy) return false;
    return any_address(context, host, [&](const model::CertFacts& cert) { return names_mx(host.host, cert); });
}

std::optional<bool> implementation_delivers(const CompareContext& context, const MxHostObservation& host,
                                            std::string_view implementation, const SenderPolicy& policy) {
    if (effective_mode(policy, implementation) != "enforce") return true;
    if (implementation == k_postfix_resolver) {
        const std::vector<std::string> match = postfix_match_list(policy.mx);
        return any_address(context, host, [&](const model::CertFacts& cert) {
            return postfix_secure_match(match, postfix_cert_names(cert.san, cert.subject));
        });
    }
    // mailauth checks the MX name against the patterns; the MTA using it verifies the
    // certificate for the MX host name (RFC 8461 §4.2).
    if (!mailauth_mx_matches(host.host, policy.mx)) return false;
    return any_address(context, host, [&](const model::CertFacts& cert) { return names_mx(host.host, cert); });
}

bool mail_outcome_differs(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy) {
    if (!context.observation.mx) return effective_mode(context.rfc, "") != effective_mode(policy, implementation);
    bool differs = false;
    for (const MxHostObservation& host : context.observation.mx->hosts) {
        const std::optional<bool> rfc = rfc_delivers(context, host);
        const std::optional<bool> impl = implementation_delivers(context, host, implementation, policy);
        if (rfc != impl) differs = true;
    }
    return differs;
}

std::vector<Departure> mx_departures(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy) {
    std::vector<Departure> departures;
    if (!context.observation.mx || effective_mode(context.rfc, "") != "enforce" ||
        effective_mode(policy, implementation) != "enforce")
        return departures;
    for (const MxHostObservation& host : context.observation.mx->hosts) {
        auto row = implementation == k_postfix_resolver ? postfix_row(context, host, policy) : mailauth_row(context, host, policy);
        if (row) departures.push_back(std::move(*row));
    }
    return departures;
}

}  // namespace mtasts::check::senders
