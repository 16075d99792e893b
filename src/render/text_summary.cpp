// Short phrases of the text report: a certificate in a few words, the counts of findings and
// the one-line summary that heads a report and each line of a batch run.
#include <algorithm>

#include "text_parts.hpp"

namespace mtasts::render::detail {
namespace {

// docs/findings.md: mx.cert-expiring and policy.cert-expiring fire within 14 days of expiry.
constexpr std::int64_t k_expiring_days = 14;

std::string join(const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& part : parts) {
        if (!text.empty()) text += ", ";
        text += part;
    }
    return text;
}

std::size_t count_counted(const model::Findings& findings, model::Severity severity) {
    return static_cast<std::size_t>(std::ranges::count_if(
        findings, [severity](const model::Finding& f) { return !f.ignored && f.severity == severity; }));
}

const model::Finding* first_counted(const model::Findings& findings, model::Severity severity) {
    const auto it = std::ranges::find_if(
        findings, [severity](const model::Finding& f) { return !f.ignored && f.severity == severity; });
    return it == findings.end() ? nullptr : &*it;
}

// "<first message>" or "<first message> (+2 more errors)".
std::string first_of(const model::Findings& findings, model::Severity severity, std::string_view singular,
                     std::string_view plural) {
    const model::Finding* first = first_counted(findings, severity);
    if (first == nullptr) return {};
    std::string text = printable(first->message);
    const std::size_t more = count_counted(findings, severity) - 1;
    if (more > 0) text += " (+" + count_of(more, "more " + std::string(singular), "more " + std::string(plural)) + ")";
    return text;
}

// "the MX host accepts", "both MX hosts accept", "all 3 MX hosts accept".
std::string hosts_accept(std::size_t count) {
    if (count == 1) return "the MX host accepts";
    if (count == 2) return "both MX hosts accept";
    return "all " + std::to_string(count) + " MX hosts accept";
}

}  // namespace

std::string cert_summary(const model::CertFacts& cert) {
    std::vector<std::string> problems;
    if (cert.trusted == false) problems.emplace_back("untrusted");
    if (cert.name_match == false) problems.emplace_back("name mismatch");
    std::string days;
    bool expired = false;
    if (cert.days_left) {
        if (*cert.days_left < 0) {
            expired = true;
            days = "expired " + count_of(static_cast<std::size_t>(-*cert.days_left), "day", "days") + " ago";
        } else {
            days = count_of(static_cast<std::size_t>(*cert.days_left), "day", "days") + " left";
        }
    }
    std::vector<std::string> parts = problems;
    if (problems.empty() && !expired && cert.trusted == true && cert.name_match == true) parts.emplace_back("valid");
    if (!days.empty()) parts.push_back(days);
    if (parts.empty()) return "— not verified";
    if (!problems.empty() || expired) return "✗ " + join(parts);
    if (cert.days_left && *cert.days_left < k_expiring_days) return "! " + join(parts);
    return "✓ " + join(parts);
}

std::string finding_counts(const model::Findings& findings) {
    std::vector<std::string> parts;
    const auto add = [&](std::size_t count, std::string_view singular, std::string_view plural) {
        if (count > 0) parts.push_back(count_of(count, singular, plural));
    };
    add(count_counted(findings, model::Severity::error), "error", "errors");
    add(count_counted(findings, model::Severity::inconclusive), "inconclusive", "inconclusive");
    add(count_counted(findings, model::Severity::warning), "warning", "warnings");
    add(count_counted(findings, model::Severity::info), "note", "notes");
    add(static_cast<std::size_t>(std::ranges::count_if(findings, [](const model::Finding& f) { return f.ignored; })),
        "ignored", "ignored");
    if (parts.empty()) return "no findings";
    return join(parts);
}

std::string report_summary(const model::DomainReport& report) {
    switch (report.verdict) {
        case model::Verdict::fail: {
            // RFC 8461 §5: only an enforce policy makes senders refuse an MX that fails validation.
            const bool enforce = report.policy && report.policy->mode == "enforce";
            const auto refused = static_cast<std::size_t>(std::ranges::count_if(
                report.mx, [](const model::MxHost& h) { return h.deliverable_under_policy == false; }));
            if (enforce && refused > 0) {
                // RFC 8461 §5: with every MX refused, compliant senders treat it as a temporary
                // failure: the mail queues and is retried, and bounces only when retries run out.
                constexpr std::string_view k_queued = ": senders queue it and retry, then bounce";
                if (refused == report.mx.size() && refused == 1) {
                    return "mail to the only MX host would be refused" + std::string(k_queued);
                }
                if (refused == report.mx.size() && refused == 2) {
                    return "mail to both MX hosts would be refused" + std::string(k_queued);
                }
                if (refused == report.mx.size()) {
                    return "mail to all " + std::to_string(refused) + " MX hosts would be refused" +
                           std::string(k_queued);
                }
                return "mail to " + std::to_string(refused) + " of " + std::to_string(report.mx.size()) +
                       " MX hosts would be refused";
            }
            return first_of(report.findings, model::Severity::error, "error", "errors");
        }
        case model::Verdict::incomplete:
            if (report.nothing_checked) return "nothing was checked: every DNS lookup failed (retry, or check --resolver)";
            return first_of(report.findings, model::Severity::inconclusive, "inconclusive", "inconclusive");
        case model::Verdict::warn: return first_of(report.findings, model::Severity::warning, "warning", "warnings");
        case model::Verdict::pass: break;
    }
    const bool all_deliverable = !report.mx.empty() && std::ranges::all_of(report.mx, [](const model::MxHost& h) {
        return h.deliverable_under_policy == true;
    });
    if (report.policy && report.policy->mode && all_deliverable) {
        return "policy mode " + printable_data(*report.policy->mode) + ", " + hosts_accept(report.mx.size()) +
               " mail from compliant senders";
    }
    return "no problems found";
}

}  // namespace mtasts::render::detail
