// One self-contained HTML page: inline CSS and SVG, no script, and a Content-Security-Policy
// that forbids every fetch, so the page works offline and cannot leak that it was opened
// (the head and the bar charts are mtasts/render/html_page.hpp, shared with summarize).
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "format.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/render/escape.hpp"
#include "mtasts/render/html_page.hpp"
#include "mtasts/report/explain.hpp"
#include "mtasts/report/render.hpp"
#include "mtasts/version.hpp"

namespace mtasts::report {
namespace {

using render::svg_number;

// Longest period drawn day by day; a longer one shows only the days that have reports.
constexpr std::int64_t k_max_chart_days = 400;

// The days to draw: every day from the first to the last report, so that a day without any
// report shows as a gap instead of disappearing.
std::vector<std::pair<std::string, DayCounts>> chart_days(const Summary& summary) {
    std::vector<std::pair<std::string, DayCounts>> days;
    if (summary.daily.empty()) return days;
    const auto first = base::parse_rfc3339(summary.daily.begin()->first + "T00:00:00Z");
    const auto last = base::parse_rfc3339(summary.daily.rbegin()->first + "T00:00:00Z");
    if (!first || !last || (*last - *first) / 86400 > k_max_chart_days) {
        days.assign(summary.daily.begin(), summary.daily.end());
        return days;
    }
    for (std::int64_t t = *first; t <= *last; t += 86400) {
        const std::string date = base::format_date(t);
        const auto it = summary.daily.find(date);
        days.emplace_back(date, it == summary.daily.end() ? DayCounts{} : it->second);
    }
    return days;
}

// Daily sessions, stacked: successful (green) under failed (red).
void daily_chart(const Summary& summary, std::ostream& out) {
    const auto days = chart_days(summary);
    if (days.empty()) {
        out << "<p class=\"muted\">No dated reports.</p>\n";
        return;
    }
    const double width = 1140, height = 260, left = 60, bottom = 40, top = 16;
    std::uint64_t peak = 1;
    for (const auto& [date, day] : days) peak = std::max(peak, day.successful + day.failed);
    const double plot_w = width - left - 10, plot_h = height - bottom - top;
    const double slot = plot_w / static_cast<double>(days.size());
    const double bar = std::max(1.0, slot * 0.8);
    out << "<svg id=\"chart-daily\" role=\"img\" aria-label=\"Daily sessions\" width=\"" << width << "\" height=\""
        << height << "\" viewBox=\"0 0 " << width << ' ' << height << "\">\n";
    out << "<line x1=\"" << left << "\" y1=\"" << top + plot_h << "\" x2=\"" << width - 10 << "\" y2=\"" << top + plot_h
        << "\" stroke=\"#999\"/>\n";
    out << "<text x=\"" << left - 6 << "\" y=\"" << top + 4 << "\" text-anchor=\"end\">" << peak << "</text>\n";
    out << "<text x=\"" << left - 6 << "\" y=\"" << top + plot_h << "\" text-anchor=\"end\">0</text>\n";
    std::size_t index = 0;
    const std::size_t label_every = std::max<std::size_t>(1, days.size() / 12);
    for (const auto& [date, day] : days) {
        const double x = left + slot * static_cast<double>(index) + (slot - bar) / 2;
        const double ok_h = plot_h * static_cast<double>(day.successful) / static_cast<double>(peak);
        // A failure is never drawn thinner than 2 px: a handful among thousands must stay visible.
        const double bad_h =
            day.failed == 0 ? 0 : std::max(2.0, plot_h * static_cast<double>(day.failed) / static_cast<double>(peak));
        const double base = top + plot_h;
        out << "<g><title>" << date << ": " << day.successful << " successful, " << day.failed << " failed</title>";
        out << "<rect x=\"" << svg_number(x) << "\" y=\"" << svg_number(base - ok_h) << "\" width=\""
            << svg_number(bar) << "\" height=\"" << svg_number(ok_h) << "\" fill=\"#2da44e\"/>";
        if (day.failed > 0) {
            out << "<rect x=\"" << svg_number(x) << "\" y=\"" << svg_number(base - ok_h - bad_h) << "\" width=\""
                << svg_number(bar) << "\" height=\"" << svg_number(bad_h) << "\" fill=\"#cf222e\"/>";
        }
        out << "</g>\n";
        if (index % label_every == 0) {
            out << "<text x=\"" << svg_number(x + bar / 2) << "\" y=\"" << height - bottom + 16 << "\" text-anchor=\"middle\">"
                << date << "</text>\n";
        }
        ++index;
    }
    out << "<rect x=\"" << left << "\" y=\"" << height - 14
        << "\" width=\"10\" height=\"10\" fill=\"#2da44e\"/><text x=\"" << left + 14 << "\" y=\"" << height - 5
        << "\">successful</text><rect x=\"" << left + 90 << "\" y=\"" << height - 14
        << "\" width=\"10\" height=\"10\" fill=\"#cf222e\"/><text x=\"" << left + 104 << "\" y=\"" << height - 5
        << "\">failed</text>\n</svg>\n";
}

// Horizontal bars for a count table (failures by result type, by MX): the 15 largest.
void bar_chart(const std::string& id, const std::map<std::string, std::uint64_t>& counts, std::ostream& out) {
    auto rows = detail::by_count(counts);
    if (rows.size() > 15) rows.resize(15);
    if (rows.empty()) {
        out << "<p class=\"muted\">No failures reported.</p>\n";
        return;
    }
    std::vector<render::BarRow> bars;
    for (const auto& [name, count] : rows) bars.push_back({name, {{count, "#cf222e"}}, std::to_string(count), ""});
    render::write_bar_chart(out, id, bars);
}

void count_table(const char* title, const std::map<std::string, std::uint64_t>& counts, std::ostream& out) {
    out << "<table><tr><th>" << title << "</th><th>sessions</th></tr>\n";
    for (const auto& [name, count] : detail::by_count(counts)) {
        out << "<tr><td>" << render::xml_attribute(name) << "</td><td class=\"n\">" << count << "</td></tr>\n";
    }
    out << "</table>\n";
}

void html_head(const Summary& s, std::ostream& out) {
    const std::string period = (s.start ? base::format_rfc3339(*s.start) : std::string("unknown")) + " .. " +
                               (s.end ? base::format_rfc3339(*s.end) : std::string("unknown"));
    render::write_html_head(out, "TLS-RPT summary");
    out << "<h1>TLS-RPT summary</h1><p class=\"muted\">Period <span id=\"period\">" << render::xml_attribute(period)
        << "</span> &middot; made by " << k_tool_name << ' ' << k_version << "</p>\n";
}

// The totals as cards, with what was counted once or left out.
void total_cards(const Summary& s, std::ostream& out) {
    out << "<div class=\"cards\">"
        << "<div class=\"card\">reports<b id=\"total-reports\">" << s.reports << "</b></div>"
        << "<div class=\"card\">successful sessions<b id=\"total-successful\" class=\"ok\">" << s.successful
        << "</b></div>"
        << "<div class=\"card\">failed sessions<b id=\"total-failed\" class=\"" << (s.failed > 0 ? "bad" : "ok")
        << "\">" << s.failed << "</b></div>"
        << "<div class=\"card\">success rate<b id=\"success-rate\">" << detail::success_rate(s.successful, s.failed)
        << "</b></div>"
        << "</div>\n";
    if (s.saturated) out << "<p class=\"bad\">" << detail::k_saturated_note << "</p>\n";
    if (s.duplicates > 0 || s.filtered_out > 0) {
        out << "<p class=\"muted\">" << s.duplicates << " duplicate reports counted once; " << s.filtered_out
            << " outside the filter.</p>\n";
    }
}

void policy_table(const Summary& s, std::ostream& out) {
    out << "<h2>Sessions by policy</h2>\n<table id=\"policies\"><tr><th>policy "
           "domain</th><th>type</th><th>successful</th>"
           "<th>failed</th><th>success</th></tr>\n";
    for (const auto& [key, p] : s.policies) {
        out << "<tr><td>" << render::xml_attribute(detail::shown_domain(p.policy_domain)) << "</td><td>" << render::xml_attribute(p.policy_type)
            << "</td><td class=\"n\">" << p.successful << "</td><td class=\"n" << (p.failed > 0 ? " bad" : "") << "\">"
            << p.failed << "</td><td class=\"n\">" << detail::success_rate(p.successful, p.failed) << "</td></tr>\n";
    }
    out << "</table>\n";
}

// Failures by result type (with meaning and live check), by MX, by sender and by reporter.
void failure_sections(const Summary& s, std::ostream& out) {
    out << "<h2>Failures by result type</h2>\n";
    bar_chart("chart-result-types", s.by_result_type, out);
    if (!s.by_result_type.empty()) {
        out << "<table id=\"result-types\"><tr><th>result type</th><th>sessions</th><th>meaning</th><th>check "
               "live</th></tr>\n";
        for (const auto& [type, count] : detail::by_count(s.by_result_type)) {
            const std::string ids = detail::live_check_ids(type);
            out << "<tr><td><code>" << render::xml_attribute(type) << "</code></td><td class=\"n\">" << count << "</td><td>"
                << render::xml_attribute(result_type_meaning(type)) << "</td><td>"
                << (ids.empty() ? "<span class=\"muted\">" + render::xml_attribute(no_live_check_text(type)) + "</span>"
                                : "<code>" + render::xml_attribute(ids) + "</code>")
                << "</td></tr>\n";
        }
        out << "</table>\n";
    }
    out << "<h2>Failures by receiving MX host</h2>\n";
    bar_chart("chart-mx", s.failed_by_mx, out);
    if (!s.failed_by_mx.empty()) {
        out << "<h2>Failures by sending MTA IP</h2>\n";
        count_table("sending MTA IP", s.failed_by_sending_ip, out);
        out << "<h2>Failures by reporting organization</h2>\n";
        count_table("organization", s.failed_by_organization, out);
    }
    out << "<h2>Sessions by reporting organization</h2>\n";
    count_table("organization", s.by_organization, out);
}

void failure_details(const Summary& s, std::ostream& out) {
    out << "<h2>Failure details</h2>\n<table id=\"failures\"><tr><th>policy domain</th><th>result "
           "type</th><th>receiving MX</th>"
           "<th>sending MTA IP</th><th>organization</th><th>sessions</th></tr>\n";
    for (const auto& [key, p] : s.policies) {
        for (const auto& [row, count] : p.failures) {
            out << "<tr><td>" << render::xml_attribute(detail::shown_domain(p.policy_domain)) << "</td><td><code>"
                << render::xml_attribute(row.result_type) << "</code></td><td>"
                << render::xml_attribute(row.receiving_mx_hostname.empty() ? k_unknown : row.receiving_mx_hostname) << "</td><td>"
                << render::xml_attribute(row.sending_mta_ip.empty() ? k_unknown : row.sending_mta_ip) << "</td><td>"
                << render::xml_attribute(row.organization.empty() ? k_unknown : row.organization) << "</td><td class=\"n\">" << count
                << "</td></tr>\n";
        }
    }
    out << "</table>\n";
}

void policies_seen(const Summary& s, std::ostream& out) {
    out << "<h2>Policies senders saw</h2>\n<table><tr><th>policy</th><th>reports</th><th>seen</th><th>policy "
           "string</th></tr>\n";
    for (const auto& [key, p] : s.policies) {
        for (const auto* seen : detail::variants_by_date(p)) {
            std::string lines;
            for (const auto& line : seen->strings) lines += line + "\n";
            out << "<tr><td>" << render::xml_attribute(detail::shown_domain(p.policy_domain)) << " (" << render::xml_attribute(p.policy_type)
                << ")</td><td class=\"n\">" << seen->reports << "</td><td>"
                << (seen->first_seen ? base::format_date(*seen->first_seen) : std::string("?")) << " .. "
                << (seen->last_seen ? base::format_date(*seen->last_seen) : std::string("?")) << "</td><td><pre>"
                << render::xml_attribute(lines) << "</pre></td></tr>\n";
        }
    }
    out << "</table>\n";
}

void input_table(const Summary& s, std::ostream& out) {
    out << "<h2>Inputs</h2>\n<table id=\"inputs\"><tr><th>file</th><th>reports</th><th>problems</th></tr>\n";
    for (const auto& file : s.files) {
        std::string problems;
        if (file.error) problems += "<div class=\"bad\">error: " + render::xml_attribute(*file.error) + "</div>";
        for (const auto& warning : file.warnings) problems += "<div>" + render::xml_attribute(warning) + "</div>";
        out << "<tr><td><code>" << render::xml_attribute(file.path) << "</code></td><td class=\"n\">" << file.reports << "</td><td>"
            << problems << "</td></tr>\n";
    }
    out << "</table>\n";
}

}  // namespace

void render_html(const Summary& s, std::ostream& out) {
    html_head(s, out);
    total_cards(s, out);
    out << "<h2>Daily sessions</h2>\n";
    daily_chart(s, out);
    policy_table(s, out);
    failure_sections(s, out);
    failure_details(s, out);
    policies_seen(s, out);
    input_table(s, out);
    out << "<p class=\"muted\">Senders may leave transient failures out (RFC 8460 &sect;4.3.4). DKIM "
           "signatures of "
           "e-mailed reports are not verified.</p>\n</body></html>\n";
}

}  // namespace mtasts::report
