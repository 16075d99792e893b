// Text summary: period, per-policy counts and success rate, failures by type (with meaning and
// the finding that diagnoses it live), by MX, by sending IP, by reporter, the policies seen.
#include <algorithm>
#include <string>

#include "format.hpp"
#include "mtasts/base/printable.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/report/explain.hpp"
#include "mtasts/report/render.hpp"

namespace mtasts::report {
namespace {

// Long tables (sending IPs of a big sender) are cut in text; JSON and HTML keep every row.
constexpr std::size_t k_max_text_rows = 20;

class Writer {
public:
    Writer(std::ostream& out, bool color) : m_out(out), m_color(color) {}

    std::string bold(const std::string& text) const { return wrap("1", text); }
    std::string red(const std::string& text) const { return wrap("31", text); }
    std::string green(const std::string& text) const { return wrap("32", text); }
    std::string yellow(const std::string& text) const { return wrap("33", text); }

    void heading(const std::string& text) { m_out << '\n' << bold(text) << '\n'; }

    void count_table(const std::map<std::string, std::uint64_t>& counts, bool failures) {
        // Names are reporters' words (organization-name, MX names, IPs): escaped before measuring.
        auto rows = detail::by_count(counts);
        for (auto& row : rows) row.first = base::printable(row.first);
        std::size_t width = 0;
        for (const auto& row : rows) width = std::max(width, row.first.size());
        std::size_t shown = 0;
        for (const auto& [name, count] : rows) {
            if (++shown > k_max_text_rows) {
                m_out << "  ... " << rows.size() - k_max_text_rows << " more (see --format json or html)\n";
                break;
            }
            const std::string number = std::to_string(count);
            m_out << "  " << name << std::string(width - name.size() + 2, ' ')
                  << std::string(number.size() < 10 ? 10 - number.size() : 0, ' ')
                  << (failures && count > 0 ? red(number) : number) << '\n';
        }
    }

    std::ostream& out() { return m_out; }

private:
    std::string wrap(const char* code, const std::string& text) const {
        return m_color ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
    }

    std::ostream& m_out;
    bool m_color;
};

// Every string a report or an input brought (RFC 8460 §7: reports are untrusted), made safe for a terminal.
std::string shown(std::string_view text) {
    return base::printable(text);
}

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

std::string right(const std::string& text, std::size_t width) {
    return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

void render_header(const Summary& summary, Writer& w) {
    std::ostream& out = w.out();
    out << w.bold("TLS-RPT summary") << ": " << summary.reports << " report" << (summary.reports == 1 ? "" : "s")
        << " from " << summary.files.size() << " input" << (summary.files.size() == 1 ? "" : "s");
    if (summary.duplicates > 0)
        out << ", " << summary.duplicates << " duplicate" << (summary.duplicates == 1 ? "" : "s") << " skipped";
    if (summary.filtered_out > 0) out << ", " << summary.filtered_out << " outside the filter";
    out << '\n';
    out << "Period: " << (summary.start ? base::format_rfc3339(*summary.start) : std::string("unknown")) << " .. "
        << (summary.end ? base::format_rfc3339(*summary.end) : std::string("unknown")) << '\n';
}

void render_policy_table(const Summary& summary, Writer& w) {
    if (summary.policies.empty()) return;
    std::ostream& out = w.out();
    w.heading("Sessions by policy");
    std::size_t width = 13;
    for (const auto& [key, p] : summary.policies)
        width = std::max(width, shown(detail::shown_domain(p.policy_domain)).size());
    out << "  " << pad("POLICY DOMAIN", width) << "  " << pad("TYPE", 15) << right("SUCCESSFUL", 12)
        << right("FAILED", 10) << right("SUCCESS", 9) << '\n';
    for (const auto& [key, p] : summary.policies) {
        const std::string failed = std::to_string(p.failed);
        out << "  " << pad(shown(detail::shown_domain(p.policy_domain)), width) << "  " << pad(shown(p.policy_type), 15)
            << right(std::to_string(p.successful), 12) << std::string(failed.size() < 10 ? 10 - failed.size() : 0, ' ')
            << (p.failed > 0 ? w.red(failed) : failed) << right(detail::success_rate(p.successful, p.failed), 9)
            << '\n';
    }
}

void render_total(const Summary& summary, Writer& w) {
    w.out() << '\n'
            << w.bold("Total") << ": " << summary.successful << " successful, "
            << (summary.failed > 0 ? w.red(std::to_string(summary.failed)) : std::string("0")) << " failed sessions ("
            << detail::success_rate(summary.successful, summary.failed) << " successful)\n";
    if (summary.saturated) w.out() << w.red(detail::k_saturated_note) << '\n';
}

// Each result type with its meaning and the live check that diagnoses it, then who failed.
void render_failures(const Summary& summary, Writer& w) {
    if (!summary.by_result_type.empty()) {
        std::ostream& out = w.out();
        w.heading("Failures by result type (sum of failed-session-count in the details)");
        for (const auto& [type, count] : detail::by_count(summary.by_result_type)) {
            out << "  " << pad(shown(type), 26) << right(std::to_string(count), 10) << "  " << result_type_meaning(type)
                << '\n';
            const std::string ids = detail::live_check_ids(type);
            out << "  " << std::string(38, ' ')
                << (ids.empty() ? std::string(no_live_check_text(type)) : "check live: mta-sts-check DOMAIN -> " + ids)
                << '\n';
        }
        w.heading("Failures by receiving MX host");
        w.count_table(summary.failed_by_mx, true);
        w.heading("Failures by sending MTA IP");
        w.count_table(summary.failed_by_sending_ip, true);
        w.heading("Failures by reporting organization");
        w.count_table(summary.failed_by_organization, true);
    }
    if (!summary.by_organization.empty()) {
        w.heading("Sessions by reporting organization");
        w.count_table(summary.by_organization, false);
    }
}

// More than one variant for a domain usually means senders still cache an old policy.
void render_policies_seen(const Summary& summary, Writer& w) {
    const bool any_strings = std::ranges::any_of(summary.policies, [](const auto& entry) {
        return !entry.second.policy_strings.empty();
    });
    if (!any_strings) return;
    std::ostream& out = w.out();
    w.heading("Policies senders saw");
    for (const auto& [key, p] : summary.policies) {
        if (p.policy_strings.empty()) continue;
        out << "  " << shown(detail::shown_domain(p.policy_domain)) << " (" << shown(p.policy_type) << ")";
        if (p.policy_strings.size() > 1)
            out << ": " << w.yellow(std::to_string(p.policy_strings.size()) + " different policies");
        out << '\n';
        for (const auto* variant : detail::variants_by_date(p)) {
            const auto& seen = *variant;
            out << "    " << seen.reports << " report" << (seen.reports == 1 ? "" : "s");
            if (seen.first_seen && seen.last_seen) {
                out << ", " << base::format_date(*seen.first_seen) << " .. " << base::format_date(*seen.last_seen);
            }
            out << ":\n";
            for (const auto& line : seen.strings) out << "      " << shown(line) << '\n';
        }
    }
}

// Errors and warnings per input; info notes (non-canonical IPs, mx-host as a string) are many
// and harmless: counted here, listed in JSON.
void render_inputs(const Summary& summary, Writer& w, const TextOptions& options) {
    std::ostream& out = w.out();
    bool any_problem = false;
    std::size_t notes = 0;
    for (const auto& file : summary.files) {
        for (const auto& warning : file.warnings) {
            if (warning.starts_with("info: ")) {
                ++notes;
            } else {
                any_problem = any_problem || !options.quiet;
            }
        }
        any_problem = any_problem || file.error;
    }
    if (any_problem) {
        w.heading("Inputs");
        for (const auto& file : summary.files) {
            if (file.error) out << "  " << shown(file.path) << ": " << w.red("error") << ": " << shown(*file.error) << '\n';
            if (options.quiet) continue;
            for (const auto& warning : file.warnings) {
                if (warning.starts_with("info: ")) continue;
                out << "  " << shown(file.path) << ": "
                    << (warning.starts_with("warning: ") ? w.yellow("warning") + shown(warning.substr(7)) : shown(warning))
                    << '\n';
            }
        }
    }
    if (notes > 0 && !options.quiet)
        out << "\n" << notes << " informational notes on the inputs (--format json lists them).\n";
}

}  // namespace

void render_text(const Summary& summary, std::ostream& out, const TextOptions& options) {
    Writer w(out, options.color);
    render_header(summary, w);
    render_policy_table(summary, w);
    render_total(summary, w);
    render_failures(summary, w);
    render_policies_seen(summary, w);
    render_inputs(summary, w, options);
    // RFC 8460 §4.3.4: transient failures need not be reported (docs/rfc-rules.md H12); §3: reports by mail
    // are only as trustworthy as their DKIM signature, which is not verified here (docs/rfc-rules.md H16).
    out << "\nNote: senders may leave transient failures out (RFC 8460 §4.3.4), so few failures do not rule out"
           " network trouble. DKIM signatures of e-mailed reports are not verified.\n";
}

}  // namespace mtasts::report
