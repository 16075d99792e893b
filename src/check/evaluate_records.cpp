// The _mta-sts and _smtp._tls TXT RRsets: the grammar is judged by src/rfc; here the DNS
// outcome (failure, CNAME delegation) is added and the facts are copied into the report.
#include <algorithm>

#include "evaluate_parts.hpp"
#include "mtasts/rfc/sts_record.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

namespace mtasts::check {
namespace {

model::TxtRecordFacts txt_facts(const TxtObservation& txt) {
    model::TxtRecordFacts facts;
    facts.name = txt.name;
    facts.txt = txt.records;
    facts.cname_chain = txt.cname_chain;
    facts.ttl = txt.ttl;
    return facts;
}

// Why reports sent to `destination` are lost, or nullopt when they can be delivered or it is unknown.
std::optional<std::string> unreachable_reason(const RuaDestinationObservation& destination) {
    if (destination.failure || destination.reachable) return std::nullopt;
    if (destination.kind == rfc::RuaDestination::Kind::https)
        return destination.host + " has no address (A/AAAA): reporters cannot post reports there";
    if (destination.null_mx)
        return destination.host + " publishes a null MX (RFC 7505): it accepts no mail, so reports sent there bounce";
    return destination.host + " has no MX record and no address: reports mailed there cannot be delivered";
}

void evaluate_rua_destinations(const std::vector<RuaDestinationObservation>& destinations, model::DomainReport& report) {
    for (const RuaDestinationObservation& destination : destinations) {
        std::optional<bool> reachable;
        if (!destination.failure) reachable = destination.reachable;
        report.tlsrpt_record->rua_destinations.push_back({destination.uri, destination.host, reachable});
        if (auto reason = unreachable_reason(destination))
            report.findings.push_back(model::make_finding("tlsrpt.rua-unreachable", destination.uri, std::move(*reason)));
    }
}

bool starts_with_version(const std::vector<std::string>& records, std::string_view version) {
    return std::ranges::any_of(records, [version](const std::string& r) { return r.starts_with(version); });
}

}  // namespace

StsOutcome evaluate_sts_record(const Observation& observation, model::DomainReport& report) {
    StsOutcome outcome;
    if (!observation.sts) return outcome;
    const TxtObservation& txt = *observation.sts;
    outcome.observed = true;
    report.sts_record = txt_facts(txt);
    if (txt.failure) {
        // docs/rfc-rules.md A14: SERVFAIL or a timeout is not "no record".
        outcome.lookup_failed = true;
        report.findings.push_back(lookup_failed(*txt.failure, model::Area::record));
        return outcome;
    }
    rfc::StsRecordEvaluation evaluation = rfc::evaluate_sts_rrset(txt.records, txt.name);
    outcome.valid = evaluation.record.has_value();
    outcome.intended = outcome.valid || evaluation.diagnostic_id.has_value() || starts_with_version(txt.records, "v=STSv1");
    if (evaluation.record) report.sts_record->id = evaluation.record->id;
    else if (evaluation.diagnostic_id) report.sts_record->id = evaluation.diagnostic_id;
    if (!txt.cname_chain.empty() && !txt.records.empty()) {
        // RFC 8461 §8.2: delegation through a CNAME is how hosted providers work.
        report.findings.push_back(model::make_finding("sts.record.cname", txt.cname_chain.back(),
                                                      txt.name + " is delegated through a CNAME to " + txt.cname_chain.back()));
    }
    append(report.findings, std::move(evaluation.findings));
    return outcome;
}

void evaluate_tlsrpt_record(const Observation& observation, model::DomainReport& report) {
    if (!observation.tlsrpt) return;
    const TxtObservation& txt = *observation.tlsrpt;
    report.tlsrpt_record = txt_facts(txt);
    if (txt.failure) {
        report.findings.push_back(lookup_failed(*txt.failure, model::Area::tlsrpt));
        return;
    }
    rfc::TlsRptRecordEvaluation evaluation = rfc::evaluate_tlsrpt_rrset(txt.records, txt.name);
    report.tlsrpt_record->rua = evaluation.record ? evaluation.record->rua : evaluation.rua;
    if (!txt.cname_chain.empty() && !txt.records.empty()) {
        report.findings.push_back(model::make_finding("tlsrpt.record.cname", txt.cname_chain.back(),
                                                      txt.name + " is delegated through a CNAME to " + txt.cname_chain.back()));
    }
    append(report.findings, std::move(evaluation.findings));
    evaluate_rua_destinations(observation.rua_destinations, report);
}

}  // namespace mtasts::check
