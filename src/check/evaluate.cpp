#include "mtasts/check/evaluate.hpp"

#include <algorithm>

#include "evaluate_parts.hpp"

namespace mtasts::check {

bool has_error(const model::Findings& findings) {
    return std::ranges::any_of(findings, [](const model::Finding& f) { return f.severity == model::Severity::error; });
}

model::Finding lookup_failed(const DnsFailure& failure, model::Area area) {
    if (failure.local) {
        return model::make_finding("local.failure", area, failure.query,
                                   "could not look up " + failure.query + " from here: " + failure.reason);
    }
    return model::make_finding("dns.lookup-failed", area, failure.query,
                               "could not look up " + failure.query + ": " + failure.reason);
}

namespace {

// Whether every lookup of a live check failed: the record, TLS-RPT and MX queries.
bool nothing_looked_up(const Observation& observation) {
    return observation.sts && observation.sts->failure && observation.tlsrpt && observation.tlsrpt->failure &&
           observation.mx && observation.mx->failure;
}

// The evaluation; `as_enforced` reads a testing policy as enforce after it has been judged as
// served, so that the facts still show the served mode and only what follows from the mode
// (MX severities, delivery) changes.
model::DomainReport evaluate_with(const Observation& observation, const std::set<std::string, std::less<>>& ignored_ids,
                                  bool as_enforced) {
    model::DomainReport report;
    report.domain = observation.domain;
    const StsOutcome sts = evaluate_sts_record(observation, report);
    PolicyOutcome policy = evaluate_policy(observation, sts, report);
    if (as_enforced && policy.policy && policy.policy->mode == rfc::PolicyMode::testing)
        policy.policy->mode = rfc::PolicyMode::enforce;
    evaluate_mx(observation, sts, policy, report);
    evaluate_history(observation, sts, policy, report);
    evaluate_dane(observation, report);
    evaluate_senders(observation, sts, policy, report);
    evaluate_tlsrpt_record(observation, report);
    evaluate_hosted(observation, report);
    model::apply_ignores(report.findings, ignored_ids);
    report.verdict = model::verdict_of(report.findings);
    // --ignore dns.lookup-failed must not turn "could not look anything up" into a pass.
    report.nothing_checked = nothing_looked_up(observation);
    if (report.nothing_checked && report.verdict != model::Verdict::fail) report.verdict = model::Verdict::incomplete;
    return report;
}

}  // namespace

model::DomainReport evaluate(const Observation& observation, const std::set<std::string, std::less<>>& ignored_ids) {
    return evaluate_with(observation, ignored_ids, false);
}

model::DomainReport evaluate_as_enforced(const Observation& observation) {
    return evaluate_with(observation, {}, true);
}

}  // namespace mtasts::check
