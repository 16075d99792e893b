// The human report of one domain (layout in include/mtasts/render/text.hpp): the header, the
// sections in a fixed order, each with its facts then its findings, and the closing counts.
#include "mtasts/render/text.hpp"

#include <algorithm>
#include <sstream>

#include "mtasts/base/time.hpp"
#include "text_parts.hpp"

namespace mtasts::render {
namespace {

using detail::Area;
using detail::Painter;
using detail::printable_data;
using detail::render_fact;

struct Section {
    Area area;
    std::string_view title;
};

// The order an admin reads a deployment in: record, policy, the MX it names, reporting.
constexpr Section k_sections[] = {
    {Area::record, "MTA-STS record"}, {Area::policy, "Policy"}, {Area::mx, "MX hosts"},
    {Area::tlsrpt, "TLS-RPT"},        {Area::senders, "Real senders"}, {Area::dns, "DNS"},
    {Area::other, "Other findings"},
};

std::string domain_label(const model::DomainReport& report) {
    return report.domain ? printable_data(*report.domain) : std::string("(lint, no domain)");
}

std::string in_quotes(std::string_view bytes) {
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false positive) on
    // `const char* + std::string&&`, which a packager's Release build would turn into an error.
    std::string quoted(1, '"');
    quoted += printable_data(bytes);
    quoted += '"';
    return quoted;
}

std::string joined(const std::vector<std::string>& values, std::string_view separator) {
    std::string text;
    for (const auto& value : values) {
        if (!text.empty()) text += separator;
        text += printable_data(value);
    }
    return text;
}

// A rua URI, marked when its destination was found unable to receive reports.
std::string rua_fact(const model::TxtRecordFacts& record, const std::string& rua) {
    const bool unreachable = std::ranges::any_of(record.rua_destinations, [&](const model::RuaDestinationFacts& d) {
        return d.uri == rua && d.reachable == false;
    });
    return printable_data(rua) + (unreachable ? "  (cannot receive reports)" : "");
}

// Facts of a TXT record: its name, every record of the RRset, the id or rua, the CNAME chain,
// and in verbose mode the TTL (how long a change takes to reach senders, RFC 8461 §8.1).
// `lookup_failed`: the query for the record failed, so an empty RRset means "unknown", not "none".
bool render_txt_facts(std::ostream& out, const std::optional<model::TxtRecordFacts>& record, bool tlsrpt,
                      bool lookup_failed, const TextStyle& style) {
    if (!record) return false;
    render_fact(out, "name", printable_data(record->name));
    if (record->txt.empty())
        render_fact(out, "txt", lookup_failed ? "(unknown: the lookup failed)" : "(no TXT record)");
    for (const auto& txt : record->txt) render_fact(out, "txt", in_quotes(txt));
    if (!tlsrpt && record->id) render_fact(out, "id", printable_data(*record->id));
    if (tlsrpt) {
        for (const auto& rua : record->rua) render_fact(out, "rua", rua_fact(*record, rua));
    }
    if (!record->cname_chain.empty()) render_fact(out, "via CNAME", joined(record->cname_chain, " → "));
    if (style.verbose && record->ttl) render_fact(out, "ttl", std::to_string(*record->ttl) + " s");
    return true;
}

void render_cert_facts(std::ostream& out, const model::CertFacts& cert, const TextStyle& style) {
    std::string summary = detail::cert_summary(cert);
    if (cert.not_after) summary += " (expires " + base::format_rfc3339(*cert.not_after) + ")";
    render_fact(out, "certificate", summary);
    if (cert.chain_error) render_fact(out, "chain", printable_data(*cert.chain_error));
    if (!style.verbose) return;
    render_fact(out, "subject", printable_data(cert.subject));
    render_fact(out, "issuer", printable_data(cert.issuer));
    render_fact(out, "san", cert.san.empty() ? std::string("(none)") : joined(cert.san, ", "));
    if (cert.not_before) render_fact(out, "not before", base::format_rfc3339(*cert.not_before));
}

// " (7 days)", " (1 hour)", " (2 days+)": max_age in the largest whole unit, "+" when rounded down.
std::string duration_note(std::int64_t seconds) {
    struct Unit {
        std::int64_t seconds;
        std::string_view singular;
        std::string_view plural;
    };
    constexpr Unit k_units[] = {{86400, "day", "days"}, {3600, "hour", "hours"}, {60, "minute", "minutes"}};
    for (const auto& unit : k_units) {
        if (seconds < unit.seconds) continue;
        return " (" + detail::count_of(static_cast<std::size_t>(seconds / unit.seconds), unit.singular, unit.plural) +
               (seconds % unit.seconds != 0 ? "+" : "") + ")";
    }
    return {};
}

// The policy body line by line, in verbose mode only (JSON always carries it in "raw").
void render_policy_body(std::ostream& out, std::string_view raw, const Painter& painter) {
    out << "  " << painter.paint("body", detail::sgr::dim) << '\n';
    while (!raw.empty()) {
        const std::size_t end = raw.find('\n');
        std::string_view line = raw.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out << "    " << painter.paint("│", detail::sgr::dim) << ' ' << printable_data(line) << '\n';
        if (end == std::string_view::npos) break;
        raw.remove_prefix(end + 1);
    }
}

bool render_policy_facts(std::ostream& out, const std::optional<model::PolicyFacts>& policy, const TextStyle& style,
                         const Painter& painter) {
    if (!policy) return false;
    if (policy->url) render_fact(out, "url", printable_data(*policy->url));
    if (policy->http_status || policy->content_type) {
        std::string response;
        if (policy->http_status) response = "HTTP " + std::to_string(*policy->http_status);
        if (policy->content_type) {
            if (!response.empty()) response += ", ";
            response += printable_data(*policy->content_type);
        }
        render_fact(out, "response", response);
    }
    if (policy->mode) render_fact(out, "mode", printable_data(*policy->mode));
    if (policy->max_age)
        render_fact(out, "max_age", std::to_string(*policy->max_age) + " s" + duration_note(*policy->max_age));
    if (policy->cached_until) render_fact(out, "cache ends", base::format_rfc3339(*policy->cached_until) + " for senders fetching it now");
    for (std::size_t i = 0; i < policy->mx.size(); ++i)
        render_fact(out, i == 0 ? "mx" : "", printable_data(policy->mx[i]));
    if (policy->cert) render_cert_facts(out, *policy->cert, style);
    if (style.verbose && policy->raw) render_policy_body(out, *policy->raw, painter);
    return true;
}

// With --state: the earlier policies senders may still apply (RFC 8461 §3.2), and until when.
std::string history_fact(const model::HistoryFacts& history) {
    std::vector<const model::PolicySnapshot*> earlier;
    for (const model::PolicySnapshot& snapshot : history.cached) {
        const bool is_current = history.current && snapshot.id == history.current->id &&
                                snapshot.body_sha256 == history.current->body_sha256;
        if (!is_current) earlier.push_back(&snapshot);
    }
    if (earlier.empty()) return "no earlier policy is still cached by senders";
    const auto* last = *std::ranges::max_element(earlier, {}, [](const auto* s) { return model::cache_expiry(*s); });
    std::string ids;
    for (const auto* snapshot : earlier) ids += (ids.empty() ? "" : ", ") + printable_data(snapshot->id);
    return std::to_string(earlier.size()) + (earlier.size() == 1 ? " earlier policy" : " earlier policies") +
           " (id " + ids + ") may still be cached by senders, until " + base::format_rfc3339(model::cache_expiry(*last));
}

// Whether a DNS query of this area failed (dns.lookup-failed listed in it).
bool lookup_failed_in(const model::DomainReport& report, Area area) {
    return std::ranges::any_of(report.findings, [&](const model::Finding& f) {
        return f.id == "dns.lookup-failed" && f.area == area;
    });
}

// Where a real sender implementation departs from the RFC reading: what each does, per row.
bool render_sender_facts(std::ostream& out, const model::DomainReport& report) {
    for (const model::SenderDifference& row : report.sender_differences) {
        render_fact(out, "sender", printable_data(row.implementation) + (row.mx ? ", MX " + printable_data(*row.mx) : ", the policy"));
        render_fact(out, "  RFC 8461", printable_data(row.rfc_outcome));
        render_fact(out, "  it does", printable_data(row.implementation_outcome));
    }
    return !report.sender_differences.empty();
}

// RFC 8461 §8.2: "hosted by P (CNAMEs: mta-sts.D, _mta-sts.D)", the names that point at P.
bool render_hosted_fact(std::ostream& out, const std::optional<model::HostedFacts>& hosted) {
    if (!hosted) return false;
    std::vector<std::string> names;
    for (const model::HostedName* name : {&hosted->policy_host, &hosted->sts_record, &hosted->tlsrpt_record}) {
        if (name->provider == hosted->provider) names.push_back(name->name);
    }
    render_fact(out, "hosted by", printable_data(hosted->provider) + " (CNAMEs: " + joined(names, ", ") + ")");
    return true;
}

// Facts of a section; false when the report holds none for it.
bool render_facts(std::ostream& out, Area area, const model::DomainReport& report, const TextStyle& style,
                  const Painter& painter) {
    switch (area) {
        case Area::record: {
            const bool shown = render_txt_facts(out, report.sts_record, false, lookup_failed_in(report, area), style);
            return render_hosted_fact(out, report.hosted) || shown;
        }
        case Area::policy: {
            const bool shown = render_policy_facts(out, report.policy, style, painter);
            if (report.history) render_fact(out, "history", history_fact(*report.history));
            return shown || report.history;
        }
        case Area::mx:
            if (report.mx.empty()) return false;
            detail::render_mx_table(out, report, style, painter);
            return true;
        case Area::tlsrpt: return render_txt_facts(out, report.tlsrpt_record, true, lookup_failed_in(report, area), style);
        case Area::senders: return render_sender_facts(out, report);
        case Area::dns:
        case Area::other: return false;
    }
    return false;
}

void render_header(std::ostream& out, const model::DomainReport& report, const Painter& painter) {
    const std::string label = domain_label(report);
    const std::string word = detail::verdict_word(report.verdict);
    std::string line =
        painter.paint(label, detail::sgr::bold) + "  " + painter.paint(word, detail::verdict_sgr(report.verdict));
    const std::string summary = detail::report_summary(report);
    if (summary.empty()) {
        out << line << '\n';
        return;
    }
    const std::size_t used = detail::display_width(label) + 2 + word.size() + 2 + 2;
    const std::size_t room = used < detail::k_line_width ? detail::k_line_width - used : 1;
    const auto lines = detail::wrap(summary, room, detail::k_line_width - 4);
    out << line << "  — " << lines.front() << '\n';
    for (std::size_t i = 1; i < lines.size(); ++i) out << "    " << lines[i] << '\n';
}

void render_sections(std::ostream& out, const model::DomainReport& report, const TextStyle& style,
                     const Painter& painter) {
    for (const auto& section : k_sections) {
        const auto findings = detail::findings_to_show(report, section.area, style);
        std::ostringstream facts;
        const bool has_facts = render_facts(facts, section.area, report, style, painter);
        // Lint reports lack most facts: a section with nothing to show is left out.
        if (!has_facts && findings.empty()) continue;
        out << '\n' << painter.paint(section.title, detail::sgr::bold) << '\n' << facts.str();
        if (has_facts && !findings.empty()) out << '\n';
        for (const auto* finding : findings) detail::render_finding(out, *finding, style, painter);
    }
}

}  // namespace

void render_text(std::ostream& out, const model::DomainReport& report, const TextStyle& style) {
    const Painter painter(style.color);
    render_header(out, report, painter);
    if (style.quiet) {
        // Quiet: the header and what needs action, without section titles or facts.
        for (const auto& section : k_sections) {
            for (const auto* finding : detail::findings_to_show(report, section.area, style)) {
                detail::render_finding(out, *finding, style, painter);
            }
        }
        return;
    }
    render_sections(out, report, style, painter);
    out << '\n'
        << painter.paint(detail::verdict_word(report.verdict), detail::verdict_sgr(report.verdict)) << ": "
        << detail::finding_counts(report.findings) << '\n';
}

void render_verdict_line(std::ostream& out, const model::DomainReport& report, const TextStyle& style) {
    const Painter painter(style.color);
    const std::string word = detail::verdict_word(report.verdict);
    // The verdict first and padded, so a batch's lines align and sort by eye.
    out << painter.paint(word, detail::verdict_sgr(report.verdict)) << std::string(11 - word.size(), ' ')
        << painter.paint(domain_label(report), detail::sgr::bold);
    const std::string summary = detail::report_summary(report);
    if (!summary.empty()) out << "  — " << summary;
    if (!report.findings.empty()) out << "  [" << detail::finding_counts(report.findings) << "]";
    out << '\n';
}

void render_tally(std::ostream& out, const RunTally& tally, const TextStyle& style) {
    const Painter painter(style.color);
    out << detail::count_of(tally.total(), "domain", "domains") << ':';
    bool first = true;
    const auto part = [&](std::size_t count, model::Verdict verdict) {
        if (count == 0) return;
        out << (first ? " " : ", ")
            << painter.paint(std::to_string(count) + " " + std::string(model::to_string(verdict)),
                             detail::verdict_sgr(verdict));
        first = false;
    };
    part(tally.pass, model::Verdict::pass);
    part(tally.warn, model::Verdict::warn);
    part(tally.fail, model::Verdict::fail);
    part(tally.incomplete, model::Verdict::incomplete);
    if (first) out << " none checked";
    out << '\n';
    const model::SessionCounts& sessions = tally.sessions;
    if (sessions.made + sessions.reused == 0) return;
    out << "SMTP: " << detail::count_of(sessions.made, "session", "sessions") << " made, "
        << detail::count_of(sessions.reused, "probe", "probes") << " answered by an earlier session";
    if (sessions.waited > 0) out << ", " << sessions.waited << " waited for --per-host-sessions or --max-rate";
    out << '\n';
}

}  // namespace mtasts::render
