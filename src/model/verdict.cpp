#include "mtasts/model/verdict.hpp"

#include <algorithm>

namespace mtasts::model {

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: return "pass";
        case Verdict::warn: return "warn";
        case Verdict::fail: return "fail";
        case Verdict::incomplete: return "incomplete";
    }
    return "pass";
}

std::optional<Verdict> verdict_from_string(std::string_view text) {
    for (const Verdict verdict : {Verdict::pass, Verdict::warn, Verdict::fail, Verdict::incomplete}) {
        if (to_string(verdict) == text) return verdict;
    }
    return std::nullopt;
}

void VerdictTally::add(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: ++pass; break;
        case Verdict::warn: ++warn; break;
        case Verdict::fail: ++fail; break;
        case Verdict::incomplete: ++incomplete; break;
    }
}

std::uint64_t VerdictTally::of(Verdict verdict) const {
    switch (verdict) {
        case Verdict::pass: return pass;
        case Verdict::warn: return warn;
        case Verdict::fail: return fail;
        case Verdict::incomplete: return incomplete;
    }
    return 0;
}

std::optional<FailOn> fail_on_from_string(std::string_view text) {
    if (text == "error") return FailOn::error;
    if (text == "warning") return FailOn::warning;
    if (text == "never") return FailOn::never;
    return std::nullopt;
}

void apply_ignores(Findings& findings, const std::set<std::string, std::less<>>& ignored_ids) {
    for (auto& finding : findings) {
        if (ignored_ids.contains(finding.id)) finding.ignored = true;
    }
}

namespace {
bool any_counted(const Findings& findings, Severity severity) {
    return std::ranges::any_of(findings, [severity](const Finding& f) { return !f.ignored && f.severity == severity; });
}
}  // namespace

Verdict verdict_of(const Findings& findings) {
    if (any_counted(findings, Severity::error)) return Verdict::fail;
    if (any_counted(findings, Severity::inconclusive)) return Verdict::incomplete;
    if (any_counted(findings, Severity::warning)) return Verdict::warn;
    return Verdict::pass;
}

bool fails_at(const Findings& findings, FailOn fail_on) {
    switch (fail_on) {
        case FailOn::never: return false;
        case FailOn::warning: return any_counted(findings, Severity::error) || any_counted(findings, Severity::warning);
        case FailOn::error: return any_counted(findings, Severity::error);
    }
    return false;
}

void RunStatus::add(const Findings& findings, bool nothing_checked) {
    m_any_failed = m_any_failed || fails_at(findings, m_fail_on);
    m_any_incomplete = m_any_incomplete || nothing_checked || verdict_of(findings) == Verdict::incomplete ||
                       any_counted(findings, Severity::inconclusive);
}

int RunStatus::exit_code() const {
    if (m_any_failed) return k_exit_misconfigured;
    if (m_any_incomplete) return k_exit_incomplete;
    return k_exit_ok;
}

}  // namespace mtasts::model
