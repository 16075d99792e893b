// The decision of `promote` (man page, promote): ready to enforce, or every reason not to.
#include "mtasts/promote/decide.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "mtasts/base/time.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/policy_text.hpp"

namespace mtasts::promote {
namespace {

constexpr std::int64_t k_day = 86400;

// "a, b and c" for a message.
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

// Whether a finding counts against the domain: an error, or a check that could not decide.
bool blocking(const model::Finding& finding) {
    return !finding.ignored &&
           (finding.severity == model::Severity::error || finding.severity == model::Severity::inconclusive);
}

// "id: message" of the blocking findings listed in `area` for which `about` holds.
template <class Predicate>
std::vector<std::string> problems(const model::DomainReport& report, model::Area area, Predicate about) {
    std::vector<std::string> out;
    for (const model::Finding& finding : report.findings) {
        if (finding.area == area && blocking(finding) && about(finding))
            out.push_back(finding.id + ": " + finding.message);
    }
    return out;
}

// Adds the reason `code` with `message`, about the MX host `mx` when given.
void add_reason(Decision& decision, std::string code, std::string message,
                std::optional<std::string> mx = std::nullopt) {
    decision.reasons.push_back(Reason{.code = std::move(code), .message = std::move(message), .mx = std::move(mx)});
}

// The failed sessions of one receiving MX and result type, summed over sending IPs.
struct FailureGroup {
    std::uint64_t sessions = 0;
    std::set<std::string> organizations;
};
using FailureGroups = std::map<std::pair<std::string, std::string>, FailureGroup>;  // (mx, result type)

// The failures the sts entries of `reports` name, grouped by receiving MX and result type.
FailureGroups group_failures(const report::PolicySummary& sts) {
    FailureGroups groups;
    for (const auto& [key, count] : sts.failures) {
        const std::string mx = key.receiving_mx_hostname.empty() ? report::k_unknown : key.receiving_mx_hostname;
        FailureGroup& group = groups[{mx, key.result_type}];
        group.sessions += count;
        group.organizations.insert(key.organization.empty() ? report::k_unknown : key.organization);
    }
    return groups;
}

// The reason (bounce) or the note (fallback, DANE) of one group of failed sessions.
void judge_failures(const std::string& mx, const std::string& type, const FailureGroup& group, const Window& window,
                    Decision& decision) {
    const std::vector<std::string> organizations(group.organizations.begin(), group.organizations.end());
    const std::string what = std::to_string(group.sessions) + " session(s) to " + mx + " failed with " + type +
                             " in the last " + std::to_string(window.days) + " days (reported by " +
                             join(organizations) + ")";
    switch (enforce_effect(type)) {
        case EnforceEffect::bounce:
            decision.reasons.push_back(Reason{.code = "failed-sessions",
                                              .message = what + ": under enforce these senders refuse " + mx +
                                                         ", and their mail is deferred, then bounced",
                                              .mx = mx,
                                              .result_type = type,
                                              .sessions = group.sessions,
                                              .organizations = organizations});
            break;
        case EnforceEffect::falls_back:
            decision.notes.push_back(
                what +
                ": these senders could not get a policy they can apply, so they deliver as "
                "without MTA-STS (RFC 8461 §3.3, §5); enforce does not bounce their mail, nor does "
                "it protect it");
            break;
        case EnforceEffect::dane:
            decision.notes.push_back(what + ": DANE (RFC 7672) decides these sessions, whatever the MTA-STS mode");
            break;
    }
}

// The reasons and notes of the reports: failed sessions that enforce would bounce, silent days.
void judge_reports(const std::string& domain, const report::Summary& reports, const Window& window,
                   Decision& decision) {
    const auto sts = reports.policies.find({domain, "sts"});
    if (sts != reports.policies.end()) {
        for (const auto& [key, group] : group_failures(sts->second))
            judge_failures(key.first, key.second, group, window, decision);
    }
    for (const auto& [key, policy] : reports.policies) {
        if (key.second == "sts" || policy.failed == 0) continue;
        // Senders that found no policy, or applied DANE, do not change with the MTA-STS mode.
        decision.notes.push_back(std::to_string(policy.failed) + " failed session(s) were reported under policy type " +
                                 key.second + ": the MTA-STS mode does not change what those senders do");
    }
    std::vector<std::string> silent;
    for (unsigned i = 0; i < window.days; ++i) {
        const std::string day = base::format_date(window.start + static_cast<std::int64_t>(i) * k_day);
        if (reports.daily.contains(day))
            decision.counts.days_reported.push_back(day);
        else
            silent.push_back(day);
    }
    const std::string period = "the last " + std::to_string(window.days) + " days (" + base::format_date(window.start) +
                               " to " + base::format_date(window.end - k_day) + ")";
    if (reports.reports == 0) {
        decision.reasons.push_back(Reason{.code = "no-reports",
                                          .message = "no TLS-RPT report about " + domain + " covers " + period +
                                                     ": silence is not health, so nothing shows that senders succeed",
                                          .days = silent});
    } else if (!silent.empty()) {
        decision.reasons.push_back(Reason{.code = "silent-days",
                                          .message = std::to_string(silent.size()) + " day(s) of " + period +
                                                     " have no report from any sender: " + join(silent) +
                                                     " (silence is not health)",
                                          .days = silent});
    }
}

// The reasons of the live check: the policy senders apply now, each MX under enforce, TLS-RPT.
void judge_live(const LiveFacts& live, Decision& decision) {
    if (!live.policy_applied) {
        add_reason(decision, "no-policy",
                   "senders apply no MTA-STS policy for " + live.domain + " now" +
                       (live.policy_problems.empty() ? "" : ": " + join(live.policy_problems, "; ")));
    } else if (live.mode != "testing") {
        add_reason(decision, "mode-not-testing",
                   "the policy is in mode " + live.mode.value_or("(unknown)") +
                       ": run it in mode testing first, so that reports show what enforce would break");
    } else if (live.mx.empty()) {
        add_reason(decision, "no-mx", live.domain + " has no MX host to deliver to");
    }
    // Each MX is judged under the policy senders would enforce: only a testing policy has one.
    const bool judge_mx = live.policy_applied && live.mode == "testing";
    for (const MxVerdict& mx : judge_mx ? live.mx : std::vector<MxVerdict>{}) {
        if (mx.deliverable == true) continue;
        const std::string why = mx.problems.empty() ? "" : ": " + join(mx.problems, "; ");
        const std::string what = mx.deliverable == false ? "under enforce, senders would refuse " + mx.host
                                                         : "whether senders could deliver to " + mx.host +
                                                               " under enforce could not be judged from here";
        add_reason(decision, mx.deliverable == false ? "mx-not-deliverable" : "mx-undecided", what + why, mx.host);
    }
    if (!live.tlsrpt_record) {
        add_reason(decision, "tlsrpt-missing",
                   "no valid TLS-RPT record at " + rfc::tlsrpt_record_name(live.domain) +
                       ": without reports nobody learns which mail enforce bounces" +
                       (live.tlsrpt_problems.empty() ? "" : " (" + join(live.tlsrpt_problems, "; ") + ")"));
    }
}

// The enforce policy, its new id and the order to publish them in.
Proposal propose(const LiveFacts& live, std::int64_t now, std::vector<std::string>& notes) {
    Proposal proposal;
    proposal.max_age = std::max(live.max_age.value_or(0), rfc::k_max_age_week);
    if (live.max_age && *live.max_age < rfc::k_max_age_week) {
        notes.push_back("max_age raised from " + std::to_string(*live.max_age) +
                        " to 604800 (a week): RFC 8461 §3.2 expects weeks or more for an enforced policy");
    }
    proposal.policy = rfc::render_policy_body(rfc::PolicyMode::enforce, live.mx_patterns, proposal.max_age);
    proposal.id = rfc::policy_id_at(now, live.id);
    proposal.txt_record = rfc::sts_record_text(proposal.id);
    proposal.steps = {
        "Publish the policy above at " + rfc::policy_url(live.domain) + " (every address of " +
            rfc::policy_host(live.domain) + ").",
        "Then change the TXT record " + rfc::sts_record_name(live.domain) + " to \"" + proposal.txt_record +
            "\": senders fetch the policy again only when the id changes (RFC 8461 §3.1), so the new policy must be "
            "served before they see the new id (RFC 8461 §8.1).",
    };
    return proposal;
}

}  // namespace

// RFC 8461 §5: under enforce a sender does not deliver to an MX that fails the checks of §4
// (mx pattern, STARTTLS, a valid certificate for the MX name); under testing it delivers and
// reports. RFC 8460 §4.3.1 names those failures: starttls-not-supported, certificate-host-mismatch,
// certificate-expired, certificate-not-trusted and validation-failure (also what senders report
// for an MX that matches no mx pattern, §4.3.3) are bounces once the policy is enforced.
// sts-policy-fetch-error, sts-webpki-invalid and sts-policy-invalid (§4.3.2.2) say the sender got
// no policy it can apply: RFC 8461 §3.3 and §5 make it deliver as if there were none (or under
// its cached policy), so the mode of the policy it could not use changes nothing. tlsa-invalid,
// dnssec-invalid and dane-required (§4.3.2.1) are DANE's, which MTA-STS does not override
// (RFC 8461 §2). A type the RFC does not define: nothing says the mail arrived, so a bounce.
EnforceEffect enforce_effect(std::string_view result_type) {
    if (result_type == "sts-policy-fetch-error" || result_type == "sts-webpki-invalid" ||
        result_type == "sts-policy-invalid")
        return EnforceEffect::falls_back;
    if (result_type == "tlsa-invalid" || result_type == "dnssec-invalid" || result_type == "dane-required")
        return EnforceEffect::dane;
    return EnforceEffect::bounce;
}

Window window_before(std::int64_t now, unsigned days) {
    const std::int64_t today = now - ((now % k_day) + k_day) % k_day;
    return Window{today - static_cast<std::int64_t>(days) * k_day, today, days};
}

report::Filter report_filter(const std::string& domain, const Window& window) {
    // A daily report of the day before the window ends exactly at its start: only a period that
    // ends after the start overlaps the window.
    return report::Filter{domain, window.start + 1, window.end};
}

LiveFacts live_facts(const model::DomainReport& enforced) {
    LiveFacts live;
    live.domain = enforced.domain.value_or("");
    // The evaluator sets cached_until only for a policy senders accept (RFC 8461 §3.2).
    live.policy_applied = enforced.policy && enforced.policy->cached_until.has_value();
    const auto any = [](const model::Finding&) { return true; };
    live.policy_problems = problems(enforced, model::Area::record, any);
    for (std::string& problem : problems(enforced, model::Area::policy, any))
        live.policy_problems.push_back(std::move(problem));
    if (enforced.sts_record) live.id = enforced.sts_record->id;
    if (enforced.policy) {
        live.mode = enforced.policy->mode;
        live.mx_patterns = enforced.policy->mx;
        live.max_age = enforced.policy->max_age;
    }
    for (const model::MxHost& host : enforced.mx) {
        // Findings about a host name it, or one of its addresses as "host [ip]".
        const auto about = [&](const model::Finding& f) {
            return f.subject == host.host || f.subject.starts_with(host.host + " [");
        };
        live.mx.push_back({host.host, host.deliverable_under_policy, problems(enforced, model::Area::mx, about)});
    }
    live.tlsrpt_problems = problems(enforced, model::Area::tlsrpt, any);
    live.tlsrpt_record = enforced.tlsrpt_record && !enforced.tlsrpt_record->txt.empty() && live.tlsrpt_problems.empty();
    return live;
}

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::ready: return "ready";
        case Outcome::not_ready: return "not-ready";
        case Outcome::already_enforced: return "already-enforced";
    }
    return "not-ready";
}

Decision decide(const LiveFacts& live, const report::Summary& reports, const Window& window, std::int64_t now) {
    Decision decision;
    decision.window = window;
    decision.counts = {reports.reports, reports.successful, reports.failed, {}};
    if (live.policy_applied && live.mode == "enforce") {
        decision.outcome = Outcome::already_enforced;
        return decision;
    }
    judge_live(live, decision);
    judge_reports(live.domain, reports, window, decision);
    decision.outcome = decision.reasons.empty() ? Outcome::ready : Outcome::not_ready;
    if (decision.outcome == Outcome::ready) decision.proposal = propose(live, now, decision.notes);
    return decision;
}

}  // namespace mtasts::promote
