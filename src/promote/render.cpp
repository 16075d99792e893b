// Text and JSON of a promote decision (man page, promote).
#include "mtasts/promote/render.hpp"

#include "mtasts/base/printable.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/rfc/derived_names.hpp"

namespace mtasts::promote {
namespace {

constexpr std::int64_t k_day = 86400;

template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json reason_to_json(const Reason& reason) {
    return {{"code", reason.code},         {"message", reason.message},
            {"mx", or_null(reason.mx)},    {"result_type", or_null(reason.result_type)},
            {"sessions", reason.sessions}, {"organizations", reason.organizations},
            {"days", reason.days}};
}

nlohmann::json mx_to_json(const MxVerdict& mx) {
    return {{"host", mx.host}, {"deliverable_under_enforce", or_null(mx.deliverable)}, {"problems", mx.problems}};
}

nlohmann::json proposal_to_json(const std::optional<Proposal>& proposal) {
    if (!proposal) return nullptr;
    return {{"policy", proposal->policy},
            {"max_age", proposal->max_age},
            {"id", proposal->id},
            {"txt_record", proposal->txt_record},
            {"steps", proposal->steps}};
}

// "  - text" lines, escaped; the first line of each item carries the bullet.
void bullets(std::ostream& out, const std::string& title, const std::vector<std::string>& items) {
    if (items.empty()) return;
    out << title << ":\n";
    for (const std::string& item : items) out << "  - " << base::printable(item) << '\n';
}

std::string headline(const LiveFacts& live, const Decision& decision, bool color) {
    const std::string domain = base::printable(live.domain);
    const auto paint = [&](const char* code, const std::string& text) {
        return color ? std::string(code) + text + "\x1b[0m" : text;
    };
    switch (decision.outcome) {
        case Outcome::ready: return domain + ": " + paint("\x1b[1;32m", "ready to enforce");
        case Outcome::already_enforced:
            return domain + ": " + paint("\x1b[1m", "already enforced") +
                   " (the served policy is in mode enforce: nothing to promote)";
        case Outcome::not_ready: break;
    }
    return domain + ": " + paint("\x1b[1;31m", "not ready to enforce") + " (" +
           std::to_string(decision.reasons.size()) + " reason(s))";
}

// What the live check and the reports showed, one line each.
void render_facts(std::ostream& out, const LiveFacts& live, const Decision& decision) {
    out << "  policy: "
        << (live.policy_applied ? "mode " + base::printable(live.mode.value_or("?"))
                                : std::string("none applied by senders"))
        << (live.id ? ", id " + base::printable(*live.id) : std::string()) << '\n';
    for (const MxVerdict& mx : live.mx) {
        const char* verdict = mx.deliverable == true ? "deliverable" : mx.deliverable == false ? "refused" : "unknown";
        out << "  MX " << base::printable(mx.host) << " under enforce: " << verdict << '\n';
    }
    out << "  TLS-RPT record: " << (live.tlsrpt_record ? "yes" : "no") << '\n';
    if (decision.outcome == Outcome::already_enforced) return;  // the reports were not weighed
    const Window& w = decision.window;
    out << "  reports " << base::format_date(w.start) << " to " << base::format_date(w.end - k_day) << ": "
        << decision.counts.reports << " report(s), " << decision.counts.successful << " successful and "
        << decision.counts.failed << " failed session(s), " << decision.counts.days_reported.size() << " of " << w.days
        << " days reported\n";
}

void render_proposal(std::ostream& out, const LiveFacts& live, const Proposal& proposal) {
    out << "Publish, in this order:\n  1. the policy file " << rfc::policy_url(live.domain) << ":\n";
    std::string line;
    for (char c : proposal.policy) {
        if (c == '\r') continue;
        if (c == '\n') {
            out << "       " << base::printable(line) << '\n';
            line.clear();
        } else {
            line += c;
        }
    }
    out << "  2. then the TXT record " << rfc::sts_record_name(live.domain) << ":\n       \"" << proposal.txt_record
        << "\"\n";
    bullets(out, "Why this order", proposal.steps);
}

}  // namespace

nlohmann::json decision_to_json(const LiveFacts& live, const Decision& decision) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const Reason& reason : decision.reasons) reasons.push_back(reason_to_json(reason));
    nlohmann::json mx = nlohmann::json::array();
    for (const MxVerdict& host : live.mx) mx.push_back(mx_to_json(host));
    const Window& w = decision.window;
    return {{"domain", live.domain},
            {"status", to_string(decision.outcome)},
            {"ready", decision.outcome == Outcome::ready},
            {"policy",
             {{"applied", live.policy_applied},
              {"mode", or_null(live.mode)},
              {"id", or_null(live.id)},
              {"max_age", or_null(live.max_age)},
              {"mx", live.mx_patterns}}},
            {"mx", mx},
            {"tlsrpt_record", live.tlsrpt_record},
            {"reports",
             {{"days", w.days},
              {"first_day", base::format_date(w.start)},
              {"last_day", base::format_date(w.end - k_day)},
              {"count", decision.counts.reports},
              {"successful_sessions", decision.counts.successful},
              {"failed_sessions", decision.counts.failed},
              {"days_reported", decision.counts.days_reported}}},
            {"reasons", reasons},
            {"notes", decision.notes},
            {"proposal", proposal_to_json(decision.proposal)}};
}

void render_text(std::ostream& out, const LiveFacts& live, const Decision& decision, bool color) {
    out << headline(live, decision, color) << '\n';
    render_facts(out, live, decision);
    std::vector<std::string> reasons;
    for (const Reason& reason : decision.reasons) reasons.push_back("[" + reason.code + "] " + reason.message);
    bullets(out, "Reasons", reasons);
    bullets(out, "Notes", decision.notes);
    if (decision.proposal) render_proposal(out, live, *decision.proposal);
}

}  // namespace mtasts::promote
