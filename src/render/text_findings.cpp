// Findings in the text report: which section lists them, in what order, and how one reads.
#include <algorithm>

#include "mtasts/base/text.hpp"
#include "text_parts.hpp"

namespace mtasts::render::detail {
namespace {

// Stands for a space that must not break a line; printable() escapes every control
// character, so it never occurs in text from the wire.
constexpr char k_glue = '\x01';

// Rank in a section: what blocks mail first, what only informs last.
int severity_rank(model::Severity severity) {
    switch (severity) {
        case model::Severity::error: return 0;
        case model::Severity::inconclusive: return 1;
        case model::Severity::warning: return 2;
        case model::Severity::info: return 3;
    }
    return 3;
}

bool is_compact(const model::Finding& finding, const TextStyle& style) {
    if (style.verbose) return false;
    return finding.ignored || finding.severity == model::Severity::info;
}

// Writes `text` after `prefix` (already painted, `prefix_width` columns wide), wrapping the
// rest of the lines under the first character of `text`.
void write_hanging(std::ostream& out, const std::string& prefix, std::size_t prefix_width, std::string_view text,
                   std::string_view code, const Painter& painter) {
    const std::size_t room = prefix_width < k_line_width ? k_line_width - prefix_width : 1;
    auto lines = wrap(text, room, room);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::ranges::replace(lines[i], k_glue, ' ');
        out << (i == 0 ? prefix : std::string(prefix_width, ' ')) << painter.paint(lines[i], code) << '\n';
    }
}

}  // namespace

std::vector<const model::Finding*> findings_to_show(const model::DomainReport& report, Area area,
                                                    const TextStyle& style) {
    std::vector<const model::Finding*> shown;
    for (const auto& finding : report.findings) {
        if (finding.area != area) continue;
        // Quiet: only what decides a verdict other than pass.
        if (style.quiet && (finding.ignored || finding.severity == model::Severity::info)) continue;
        shown.push_back(&finding);
    }
    std::ranges::stable_sort(shown, [](const model::Finding* a, const model::Finding* b) {
        if (a->ignored != b->ignored) return !a->ignored;
        return severity_rank(a->severity) < severity_rank(b->severity);
    });
    return shown;
}

void render_finding(std::ostream& out, const model::Finding& finding, const TextStyle& style, const Painter& painter) {
    const std::string word(model::to_string(finding.severity));
    std::string prefix_text = "  ";
    prefix_text += severity_mark(finding.severity);
    prefix_text += ' ';
    prefix_text += pad_right(word, 8);
    if (word.size() >= 8) prefix_text += ' ';
    const std::size_t indent = display_width(prefix_text);

    std::string body;
    if (finding.ignored) body += "(ignored) ";
    body += printable(finding.message);
    if (!finding.subject.empty()) {
        // The subject is kept on one line (glued) unless it alone is wider than a line.
        std::string subject(1, '(');  // appended, not `"(" + ...`: see in_quotes in text.cpp
        subject += printable(finding.subject);
        subject += ')';
        if (display_width(subject) < k_line_width / 2) std::ranges::replace(subject, ' ', k_glue);
        body += "  ";
        body += subject;
    }
    // The id is what --ignore takes and what scripts grep for: on the cite line, or at the end
    // of the finding's line when there is no cite line (compact and quiet).
    const bool compact = is_compact(finding, style);
    if (compact || style.quiet) {
        body += "  [";
        body += printable(finding.id);
        body += ']';
    }
    // Ignored findings are dimmed whole; the "(ignored)" word says it without colour.
    const std::string_view mark_code = finding.ignored ? sgr::dim : severity_sgr(finding.severity);
    const std::string_view body_code = finding.ignored ? sgr::dim : sgr::none;
    write_hanging(out, painter.paint(prefix_text, mark_code), indent, body, body_code, painter);

    if (compact) return;
    const std::string pad(indent, ' ');
    if (!finding.hint.empty()) {
        write_hanging(out, pad + "→ fix: ", indent + 7, printable(finding.hint), sgr::none, painter);
    }
    if (style.quiet) return;
    std::string cite = printable(finding.id);
    if (!finding.rfc.empty()) cite += " · " + printable(finding.rfc);
    if (finding.tlsrpt_result_type) {
        cite += " · senders report: ";
        cite += printable(*finding.tlsrpt_result_type);
    }
    write_hanging(out, pad, indent, cite, sgr::dim, painter);
}

void render_fact(std::ostream& out, std::string_view key, std::string_view value) {
    constexpr std::size_t k_key_width = 13;
    const std::string prefix = "  " + pad_right(key, k_key_width);
    write_hanging(out, prefix, display_width(prefix), value, sgr::none, Painter(false));
}

}  // namespace mtasts::render::detail
