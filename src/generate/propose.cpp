// The plans of `generate` and the checks that keep what it writes lint-clean (RFC 8461 §3,
// RFC 8460 §3).
#include "mtasts/generate/propose.hpp"

#include <algorithm>

#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/given.hpp"
#include "mtasts/generate/patterns.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/rfc/names.hpp"
#include "mtasts/rfc/policy_text.hpp"
#include "mtasts/rfc/sts_record.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

namespace mtasts::generate {
namespace {

using model::UsageError;

constexpr std::int64_t k_max_age_day = 86'400;

bool at_least_warning(const model::Finding& finding) {
    return finding.severity == model::Severity::warning || finding.severity == model::Severity::error;
}

// RFC 8461 §3.2: an enforced policy should be cached for weeks; a shorter cache of an enforced
// policy leaves senders unprotected in between (policy.max-age-below-week).
std::int64_t checked_max_age(rfc::PolicyMode mode, std::optional<std::int64_t> given) {
    const bool enforce = mode == rfc::PolicyMode::enforce;
    const std::int64_t max_age = given.value_or(enforce ? rfc::k_max_age_week : k_max_age_day);
    if (enforce && max_age < rfc::k_max_age_week)
        throw UsageError("--max-age " + std::to_string(max_age) +
                         " is below 604800 (one week): an enforced policy should be cached for weeks (RFC 8461 §3.2)");
    return max_age;
}

// Each --rua alone in a record, judged by the TLS-RPT parser: the URI must be one a reporter uses.
std::vector<std::string> checked_rua(const std::vector<std::string>& typed, const std::string& domain) {
    if (typed.empty()) return {default_rua(domain)};
    for (const std::string& uri : typed) {
        if (uri.find_first_of(",;! \t\"\\") != std::string::npos)
            throw UsageError("bad --rua '" + uri +
                             "': give one URI per --rua, without , ; ! spaces, quotes or backslashes");
        const std::vector<std::string> record{tlsrpt_record_text({uri})};
        const rfc::TlsRptRecordEvaluation evaluation = rfc::evaluate_tlsrpt_rrset(record, "--rua");
        const auto problem = std::ranges::find_if(evaluation.findings, at_least_warning);
        if (problem != evaluation.findings.end()) throw UsageError("bad --rua '" + uri + "': " + problem->message);
        if (!evaluation.record || evaluation.record->rua.size() != 1)
            throw UsageError("bad --rua '" + uri + "': not a mailto: or https: URI (RFC 8460 §3)");
    }
    return typed;
}

// The plan is only returned when lint would find nothing to warn about in what it writes.
Plan verified(Plan plan, const std::vector<std::string>& mx_hosts, std::int64_t now) {
    const model::Findings problems = lint_problems(plan, mx_hosts, now);
    if (problems.empty()) return plan;
    std::string message = "what generate would write does not pass lint (check --max-age, --mx and --rua):";
    for (const model::Finding& finding : problems) message += "\n  " + finding.id + ": " + finding.message;
    throw UsageError(message);
}

}  // namespace

std::vector<std::string> given_mx_hosts(const std::vector<std::string>& typed) {
    std::vector<std::string> hosts;
    for (const std::string& host : typed) {
        if (host.starts_with("*."))
            throw UsageError("bad --mx '" + host + "': give MX host names; --wildcard makes *. patterns of them");
        auto name = rfc::normalize_domain(host);
        if (!name) throw UsageError("bad --mx '" + host + "': " + name.error());
        hosts.push_back(*name);
    }
    return hosts;
}

Plan plan_new(const Request& request, const std::vector<std::string>& mx_hosts, std::int64_t now) {
    Plan plan;
    plan.domain = request.domain;
    plan.mode = request.mode.value_or(rfc::PolicyMode::testing);
    plan.max_age = checked_max_age(plan.mode, request.max_age);
    plan.mx_patterns = narrowest_patterns(mx_hosts, request.wildcard);
    plan.rua = checked_rua(request.rua, request.domain);
    plan.id = rfc::policy_id_at(now);
    return verified(std::move(plan), mx_hosts, now);
}

Plan plan_change(const Request& request, const Served& served, const std::vector<std::string>& mx_hosts, std::int64_t now) {
    Plan plan;
    plan.domain = request.domain;
    // A served "none" is a withdrawal: a change that covers MX hosts again starts in testing.
    const bool served_mode_kept = served.policy.mode && *served.policy.mode != rfc::PolicyMode::none;
    plan.mode = request.mode.value_or(served_mode_kept ? *served.policy.mode : rfc::PolicyMode::testing);
    plan.max_age = checked_max_age(plan.mode, request.max_age ? request.max_age : served.policy.max_age);
    plan.mx_patterns = patterns_for_hosts(served.policy.mx, mx_hosts, request.wildcard);
    plan.rua = checked_rua(request.rua.empty() ? served.rua : request.rua, request.domain);
    plan.id = rfc::policy_id_at(now, served.id);
    return verified(std::move(plan), mx_hosts, now);
}

model::Findings lint_problems(const Plan& plan, const std::vector<std::string>& mx_hosts, std::int64_t now) {
    check::GivenRecords given;
    given.domain = plan.domain;
    given.policy_body = rfc::render_policy_body(plan.mode, plan.mx_patterns, plan.max_age);
    given.sts_records = {rfc::sts_record_text(plan.id)};
    given.tlsrpt_records = {tlsrpt_record_text(plan.rua)};
    given.mx_hosts = mx_hosts;
    model::Findings problems;
    for (const model::Finding& finding : check::evaluate(check::given_observation(given, now)).findings)
        if (at_least_warning(finding)) problems.push_back(finding);
    return problems;
}

}  // namespace mtasts::generate
