// One self-contained HTML page of a scan: the headline as cards, then bar charts and tables of
// verdicts, policy modes, MX providers and finding ids (the head and the charts are
// mtasts/render/html_page.hpp, shared with report's page).
#include <algorithm>
#include <ranges>
#include <string>
#include <vector>

#include "format.hpp"
#include "mtasts/model/catalog.hpp"
#include "mtasts/render/escape.hpp"
#include "mtasts/render/html_page.hpp"
#include "mtasts/summarize/render.hpp"
#include "mtasts/version.hpp"

namespace mtasts::summarize {
namespace {

using render::xml_attribute;

// Rows drawn in a chart; the tables under it list every row.
constexpr std::size_t k_max_chart_rows = 20;

std::string verdict_color(model::Verdict verdict) {
    switch (verdict) {
        case model::Verdict::pass: return "#2da44e";
        case model::Verdict::warn: return "#d4a72c";
        case model::Verdict::fail: return "#cf222e";
        case model::Verdict::incomplete: return "#8250df";
    }
    return "#8c959f";
}

// A finding's bar has the colour of its default severity: errors red, warnings amber.
std::string finding_color(std::string_view id) {
    const model::CatalogEntry* entry = model::find_entry(id);
    if (entry == nullptr) return "#8c959f";
    switch (entry->severity) {
        case model::Severity::error: return verdict_color(model::Verdict::fail);
        case model::Severity::warning: return verdict_color(model::Verdict::warn);
        case model::Severity::inconclusive: return verdict_color(model::Verdict::incomplete);
        case model::Severity::info: return "#8c959f";
    }
    return "#8c959f";
}

std::string count_and_share(std::uint64_t count, std::uint64_t of) {
    return std::to_string(count) + " (" + detail::percent(count, of) + ")";
}

void write_card(std::ostream& out, const char* title, const char* id, const std::string& value, const char* tone,
                const std::string& below) {
    out << "<div class=\"card\">" << title << "<b id=\"" << id << "\" class=\"" << tone << "\">" << xml_attribute(value)
        << "</b><span class=\"muted\">" << xml_attribute(below) << "</span></div>";
}

void write_cards(const Summary& s, std::ostream& out) {
    out << "<div class=\"cards\">";
    write_card(out, "domains", "total-domains", std::to_string(s.domains), "", "distinct, from the inputs");
    write_card(out, "publish a record", "publishing", std::to_string(s.publishing), "",
               "TXT at _mta-sts, of " + std::to_string(s.domains));
    write_card(out, "misconfigured", "misconfigured", detail::percent(s.misconfigured.count, s.misconfigured.of),
               s.misconfigured.count > 0 ? "warn" : "ok",
               std::to_string(s.misconfigured.count) + " of " + std::to_string(s.misconfigured.of));
    write_card(out, "would lose mail", "losing-mail", detail::percent(s.losing_mail.count, s.losing_mail.of),
               s.losing_mail.count > 0 ? "bad" : "ok",
               std::to_string(s.losing_mail.count) + " of " + std::to_string(s.losing_mail.of));
    out << "</div>\n<p class=\"muted\">Among the " << detail::k_publishing_rule
        << ": <b>misconfigured</b> = " << detail::k_misconfigured_rule
        << "; <b>would lose mail</b> = " << detail::k_losing_mail_rule << ".";
    if (s.duplicates > 0) out << ' ' << s.duplicates << " duplicate lines dropped (the last line of a domain counts).";
    if (s.invalid_lines > 0) out << " <span class=\"bad\">" << s.invalid_lines << " invalid lines not counted.</span>";
    out << "</p>\n";
}

void write_verdicts_and_modes(const Summary& s, std::ostream& out) {
    std::vector<render::BarRow> verdicts;
    for (const model::Verdict verdict : detail::k_verdicts) {
        const std::uint64_t count = s.verdicts.of(verdict);
        verdicts.push_back({std::string(model::to_string(verdict)),
                            {{count, verdict_color(verdict)}},
                            count_and_share(count, s.domains),
                            ""});
    }
    out << "<h2>Verdicts</h2>\n";
    render::write_bar_chart(out, "chart-verdicts", verdicts);
    std::vector<render::BarRow> modes;
    for (const auto& [mode, count] : detail::mode_rows(s.modes))
        modes.push_back({std::string(mode), {{count, "#0969da"}}, count_and_share(count, s.domains), ""});
    out << "<h2>Policy modes</h2>\n<p class=\"muted\">no policy: no TXT record at _mta-sts, or no valid mode "
           "served.</p>\n";
    render::write_bar_chart(out, "chart-modes", modes);
}

void write_provider_legend(std::ostream& out) {
    out << "<p class=\"muted\">";
    for (const model::Verdict verdict : detail::k_verdicts) {
        out << "<span style=\"display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;background:"
            << verdict_color(verdict) << "\"></span>" << model::to_string(verdict);
    }
    out << "</p>\n";
}

void write_providers(const Summary& s, std::ostream& out) {
    out << "<h2>MX providers</h2>\n<p class=\"muted\">The registrable domain of the MX hosts; a domain with MX hosts "
           "at two providers counts for both.</p>\n";
    write_provider_legend(out);
    std::vector<render::BarRow> bars;
    for (const auto& row : s.providers | std::views::take(k_max_chart_rows)) {
        render::BarRow bar{row.provider,
                           {},
                           std::to_string(row.verdicts.total()) + " (" +
                               detail::percent(row.verdicts.pass, row.verdicts.total()) + " pass)",
                           ""};
        for (const model::Verdict verdict : detail::k_verdicts)
            bar.segments.push_back({row.verdicts.of(verdict), verdict_color(verdict)});
        bars.push_back(std::move(bar));
    }
    render::write_bar_chart(out, "chart-providers", bars);
    out << "<table id=\"providers\"><tr><th>provider</th><th class=\"n\">domains</th><th class=\"n\">pass</th>"
           "<th class=\"n\">warn</th><th class=\"n\">fail</th><th class=\"n\">incomplete</th>"
           "<th class=\"n\">pass share</th><th class=\"n\">fail share</th></tr>\n";
    for (const auto& row : s.providers) {
        const model::VerdictTally& v = row.verdicts;
        out << "<tr><td>" << xml_attribute(row.provider) << "</td><td class=\"n\">" << v.total()
            << "</td><td class=\"n\">" << v.pass << "</td><td class=\"n\">" << v.warn << "</td><td class=\"n"
            << (v.fail > 0 ? " bad" : "") << "\">" << v.fail << "</td><td class=\"n\">" << v.incomplete
            << "</td><td class=\"n\">" << detail::percent(v.pass, v.total()) << "</td><td class=\"n\">"
            << detail::percent(v.fail, v.total()) << "</td></tr>\n";
    }
    out << "</table>\n";
}

void write_findings(const Summary& s, std::ostream& out) {
    out << "<h2>Findings</h2>\n<p class=\"muted\">Domains with each finding id (ignored findings not counted); "
           "bars coloured by the id's default severity.</p>\n";
    std::vector<render::BarRow> bars;
    for (const auto& row : s.findings | std::views::take(k_max_chart_rows))
        bars.push_back({row.id,
                        {{row.domains, finding_color(row.id)}},
                        std::to_string(row.domains),
                        std::string(detail::finding_title(row.id))});
    render::write_bar_chart(out, "chart-findings", bars);
    out << "<table id=\"findings\"><tr><th>finding id</th><th class=\"n\">domains</th><th class=\"n\">share</th>"
           "<th>when it fires</th></tr>\n";
    for (const auto& row : s.findings) {
        out << "<tr><td><code>" << xml_attribute(row.id) << "</code></td><td class=\"n\">" << row.domains
            << "</td><td class=\"n\">" << detail::percent(row.domains, s.domains) << "</td><td>"
            << xml_attribute(detail::finding_title(row.id)) << "</td></tr>\n";
    }
    out << "</table>\n";
}

void write_inputs(const Summary& s, std::ostream& out) {
    out << "<h2>Inputs</h2>\n<table id=\"inputs\"><tr><th>file</th><th class=\"n\">lines</th>"
           "<th class=\"n\">invalid</th><th>error</th></tr>\n";
    for (const auto& input : s.inputs) {
        out << "<tr><td><code>" << xml_attribute(input.path) << "</code></td><td class=\"n\">" << input.lines
            << "</td><td class=\"n" << (input.invalid > 0 ? " bad" : "") << "\">" << input.invalid
            << "</td><td class=\"bad\">" << xml_attribute(input.error.value_or("")) << "</td></tr>\n";
    }
    out << "</table>\n";
}

}  // namespace

void render_html(const Summary& summary, std::ostream& out) {
    render::write_html_head(out, "MTA-STS scan summary");
    out << "<h1>MTA-STS scan summary</h1><p class=\"muted\">" << detail::count_of(summary.domains, "domain", "domains")
        << " from " << detail::count_of(summary.inputs.size(), "input", "inputs") << " &middot; made by " << k_tool_name
        << ' ' << k_version << "</p>\n";
    write_cards(summary, out);
    write_verdicts_and_modes(summary, out);
    write_providers(summary, out);
    write_findings(summary, out);
    write_inputs(summary, out);
    out << "</body></html>\n";
}

}  // namespace mtasts::summarize
