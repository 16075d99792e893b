// Real senders: for each modelled implementation, what it does where it departs from the RFC
// 8461 reading of this domain's data. Each departure is a sender.* finding and a row of
// report.sender_differences; nothing is said when the implementations agree with the RFC.
#include <algorithm>
#include <array>

#include "sender_compare.hpp"

namespace mtasts::check {
namespace {

using senders::HttpAnswer;
using senders::SenderPolicy;

// The answer the implementations read: the first 200 (as the checker's own reading), else the
// first HTTP answer; lint's given body is served as text/plain.
std::optional<HttpAnswer> answer_of(const Observation& observation) {
    if (!observation.policy) return std::nullopt;
    const PolicyObservation& policy = *observation.policy;
    if (policy.given_body) return HttpAnswer{200, "text/plain", *policy.given_body, false};
    const PolicyFetch* chosen = nullptr;
    for (const PolicyFetch& fetch : policy.fetches) {
        if (fetch.status == 200) {
            chosen = &fetch;
            break;
        }
        if (fetch.status && chosen == nullptr) chosen = &fetch;
    }
    if (chosen == nullptr) return std::nullopt;
    HttpAnswer answer{*chosen->status, chosen->content_type, chosen->body, chosen->too_large};
    // The checker stopped reading at 64 KiB, inside a line: an implementation reading on sees that
    // line whole, so the cut one is left out rather than guessed.
    if (answer.too_large) answer.body.resize(answer.body.rfind('\n') == std::string::npos ? 0 : answer.body.rfind('\n') + 1);
    return answer;
}

// Whether no sender gets past TLS to the policy host: then no implementation reads the answer.
bool policy_host_refused(const model::DomainReport& report) {
    static constexpr std::array<std::string_view, 4> k_tls = {"policy.cert-untrusted", "policy.cert-name-mismatch",
                                                              "policy.cert-expired", "policy.tls-version-old"};
    return std::ranges::any_of(report.findings, [](const model::Finding& f) { return std::ranges::find(k_tls, f.id) != k_tls.end(); });
}

// The RFC reading in the models' terms. Lint counts every error against a given body; here only
// what makes senders drop the policy does (a repeated key is an error, yet the first copy holds).
SenderPolicy rfc_reading(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                         const model::DomainReport& report) {
    SenderPolicy reading;
    const bool record_ok = sts.valid || !sts.observed;
    const bool given = observation.policy && observation.policy->given_body;
    const bool usable = given ? rfc::evaluate_policy_body(*observation.policy->given_body).usable : policy.usable_by_senders;
    if (!record_ok || !usable || !policy.policy || !policy.policy->mode) {
        reading.rejected_because = !record_ok ? "the record is invalid" : "the policy is invalid or could not be fetched";
        return reading;
    }
    reading.found = true;
    reading.mode = std::string(rfc::to_string(*policy.policy->mode));
    if (policy.policy->max_age) reading.max_age = static_cast<double>(*policy.policy->max_age);
    reading.mx = policy.policy->mx;
    if (report.sts_record) reading.id = report.sts_record->id;
    return reading;
}

void add(senders::Departure departure, model::DomainReport& report) {
    const model::SenderDifference& row = departure.row;
    const model::Severity severity = departure.mail_differs ? model::Severity::warning : model::Severity::info;
    const std::string subject = row.mx ? *row.mx : report.policy && report.policy->url ? *report.policy->url : "policy";
    report.findings.push_back(model::make_finding(
        departure.id, severity, subject,
        row.implementation + (row.mx ? " for " + *row.mx : std::string()) + ": \"" + row.implementation_outcome +
            "\" where RFC 8461 gives \"" + row.rfc_outcome + "\": " + row.why));
    report.sender_differences.push_back(std::move(departure.row));
}

}  // namespace

void evaluate_senders(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                      model::DomainReport& report) {
    // A failed lookup leaves the RFC reading open: nothing to compare with.
    if (sts.lookup_failed || (!observation.sts && !observation.policy)) return;
    senders::CompareContext context{observation,
                                    sts,
                                    policy,
                                    report,
                                    rfc_reading(observation, sts, policy, report),
                                    sts.valid || !sts.observed,
                                    {},
                                    policy_host_refused(report) ? std::nullopt : answer_of(observation)};
    if (observation.sts) context.records = observation.sts->records;
    else context.records = {"v=STSv1; id=" + report.sts_record.value_or(model::TxtRecordFacts{}).id.value_or("0")};
    const HttpAnswer* answer = context.answer ? &*context.answer : nullptr;
    for (std::string_view implementation : {senders::k_postfix_resolver, senders::k_mailauth}) {
        const SenderPolicy held = implementation == senders::k_postfix_resolver ? senders::postfix_resolver_policy(context.records, answer)
                                                                              : senders::mailauth_policy(context.records, answer);
        for (auto& departure : senders::policy_departures(context, implementation, held)) add(std::move(departure), report);
        for (auto& departure : senders::mx_departures(context, implementation, held)) add(std::move(departure), report);
    }
}

}  // namespace mtasts::check
