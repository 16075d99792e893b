#include "mtasts/check/evaluate.hpp"

#include <algorithm>

#include "evaluate_parts.hpp"

namespace mtasts::check {

bool has_error(const model::Findings& findings) {
    return std::ranges::any_of(findings, [](const model::Finding& f) { return f.severity == model::Severity::error; });
}

model::Finding lookup_failed(const DnsFailure& failure) {
    return model::make_finding("dns.lookup-failed", failure.query,
                               "could not look up " + failure.query + ": " + failure.reason);
}

model::DomainReport evaluate(const Observation& observation, const std::set<std::string, std::less<>>& ignored_ids) {
    model::DomainReport report;
    report.domain = observation.domain;
    const StsOutcome sts = evaluate_sts_record(observation, report);
    const PolicyOutcome policy = evaluate_policy(observation, sts, report);
    evaluate_mx(observation, sts, policy, report);
    evaluate_history(observation, sts, policy, report);
    evaluate_dane(observation, report);
    evaluate_senders(observation, sts, policy, report);
    evaluate_tlsrpt_record(observation, report);
    model::apply_ignores(report.findings, ignored_ids);
    report.verdict = model::verdict_of(report.findings);
    return report;
}

}  // namespace mtasts::check
