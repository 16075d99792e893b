// DANE for each MX host (RFC 7672): whether its TLSA records count (DNSSEC), are usable for
// SMTP, and match the certificate each address served. MTA-STS does not override DANE
// (RFC 8461 §2): a sender that validates DANE refuses a mismatching MX whatever the policy
// says, so a mismatch is an error here in every policy mode (docs/rfc-rules.md I1).
#include <algorithm>

#include "evaluate_parts.hpp"
#include "mtasts/rfc/dane.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

namespace mtasts::check {
namespace {

// RFC 7672 §3.1.3: PKIX-TA/PKIX-EE records are unusable for SMTP.
void report_pkix_usages(const MxHostObservation& observed, model::Findings& findings) {
    const auto pkix = std::ranges::count_if(observed.tlsa->records, rfc::tlsa_usage_pkix);
    if (pkix == 0) return;
    findings.push_back(model::make_finding(
        "mx.dane-usage-pkix", observed.host,
        std::to_string(pkix) + " TLSA record(s) of " + observed.host +
            " use usage 0 (PKIX-TA) or 1 (PKIX-EE), which SMTP clients treat as unusable"));
}

// Matches every address's certificate chain against the usable records; fills dane_match and
// returns whether at least one address matched and none mismatched.
bool match_addresses(const MxHostObservation& observed, model::MxHost& host, model::Findings& findings) {
    std::vector<model::TlsaRecord> usable;
    std::ranges::copy_if(observed.tlsa->records, std::back_inserter(usable), rfc::tlsa_usable);
    std::size_t matched = 0;
    std::size_t mismatched = 0;
    for (std::size_t i = 0; i < observed.addresses.size() && i < host.addresses.size(); ++i) {
        const auto& probe = observed.addresses[i].probe;
        if (!probe || probe->chain.empty()) continue;  // no TLS there: other findings say why
        const bool match = std::ranges::any_of(usable, [&](const model::TlsaRecord& r) { return rfc::tlsa_matches(r, probe->chain); });
        host.addresses[i].dane_match = match;
        if (match) {
            ++matched;
            continue;
        }
        ++mismatched;
        const std::string& ip = observed.addresses[i].ip;
        findings.push_back(model::make_finding(
            "mx.dane-mismatch", observed.host + " [" + ip + "]",
            "the certificate of " + observed.host + " at " + ip + " matches none of its " + std::to_string(usable.size()) +
                " DNSSEC-validated TLSA record(s): senders that use DANE refuse to deliver there, whatever MTA-STS says"));
    }
    return matched > 0 && mismatched == 0;
}

// Whether _smtp._tls.<mx host> holds a valid TLS-RPT record; nullopt when unknown.
std::optional<bool> has_tlsrpt(const TlsaObservation& tlsa) {
    if (!tlsa.tlsrpt || tlsa.tlsrpt->failure) return std::nullopt;
    return rfc::evaluate_tlsrpt_rrset(tlsa.tlsrpt->records, tlsa.tlsrpt->name).record.has_value();
}

void evaluate_host(const MxHostObservation& observed, model::MxHost& host, model::Findings& findings) {
    const TlsaObservation& tlsa = *observed.tlsa;
    model::DaneFacts facts{tlsa.records, tlsa.secure, false, has_tlsrpt(tlsa)};
    facts.active = tlsa.secure && std::ranges::any_of(tlsa.records, rfc::tlsa_usable);
    host.dane = facts;
    if (!tlsa.secure) {
        // RFC 7672 §2.2: TLSA records that are not DNSSEC-validated are ignored by senders.
        findings.push_back(model::make_finding(
            "mx.dane-insecure", observed.host,
            observed.host + " publishes TLSA records at " + rfc::tlsa_query_name(observed.host) +
                " but the answer is not DNSSEC-validated: senders ignore them"));
        return;
    }
    report_pkix_usages(observed, findings);
    if (facts.active && match_addresses(observed, host, findings)) {
        findings.push_back(model::make_finding(
            "mx.dane-active", observed.host,
            observed.host + " has DNSSEC-validated TLSA records that match its certificate: senders that use DANE "
                            "authenticate it that way (RFC 8461 §2: MTA-STS does not override DANE)"));
    }
    if (facts.active && facts.tlsrpt == false) {
        // RFC 8460 §3: DANE reports go to the TLSA base domain's own TLS-RPT record (docs/rfc-rules.md I6).
        findings.push_back(model::make_finding(
            "mx.dane-tlsrpt-missing", observed.host,
            "DANE is in use for " + observed.host + " but " + rfc::tlsrpt_record_name(observed.host) +
                " has no TLS-RPT record: senders have nowhere to report DANE failures"));
    }
}

}  // namespace

void evaluate_dane(const Observation& observation, model::DomainReport& report) {
    if (!observation.mx) return;
    for (const MxHostObservation& observed : observation.mx->hosts) {
        // A failed TLSA lookup leaves DANE unknown for the host: no finding, "dane": null.
        if (!observed.tlsa || observed.tlsa->failure || observed.tlsa->records.empty()) continue;
        auto host = std::ranges::find(report.mx, observed.host, &model::MxHost::host);
        if (host == report.mx.end()) continue;
        evaluate_host(observed, *host, report.findings);
    }
}

}  // namespace mtasts::check
