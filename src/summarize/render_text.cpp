// Text summary of a scan: the headline shares with numerator and denominator, then verdicts,
// policy modes, finding ids and MX providers as tables that fit a 100-column terminal.
#include <algorithm>
#include <ranges>

#include "format.hpp"
#include "mtasts/base/printable.hpp"
#include "mtasts/render/text_style.hpp"
#include "mtasts/summarize/render.hpp"

namespace mtasts::summarize {
namespace {

namespace sgr = render::sgr;
using render::pad_right;

// Rows fit this many columns: titles of finding ids are cut to what is left.
constexpr std::size_t k_line_width = 100;
constexpr std::size_t k_min_title_width = 30;

std::string right(const std::string& text, std::size_t width) {
    return text.size() < width ? std::string(width - text.size(), ' ') + text : text;
}

// `text` cut to `width` columns, "..." marking the cut; never inside a UTF-8 sequence.
std::string cut(std::string_view text, std::size_t width) {
    if (render::display_width(text) <= width) return std::string(text);
    std::size_t end = 0;
    for (std::size_t columns = 0; end < text.size(); ++end) {
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && ++columns > width - 3) break;
    }
    return std::string(text.substr(0, end)) + "...";
}

class Writer {
public:
    Writer(std::ostream& out, bool color) : m_out(out), m_painter(color) {}

    void heading(std::string_view text) { m_out << '\n' << paint(text, sgr::bold) << '\n'; }
    std::string paint(std::string_view text, std::string_view code) const { return m_painter.paint(text, code); }
    std::ostream& out() { return m_out; }

private:
    std::ostream& m_out;
    render::Painter m_painter;
};

void write_header(const Summary& s, Writer& w) {
    w.out() << w.paint("MTA-STS scan summary", sgr::bold) << ": " << detail::count_of(s.domains, "domain", "domains")
            << " from " << detail::count_of(s.inputs.size(), "input", "inputs") << '\n';
    if (s.duplicates > 0)
        w.out() << detail::count_of(s.duplicates, "duplicate line", "duplicate lines")
                << " dropped (a domain read again counts once, with its last line)\n";
    if (s.invalid_lines > 0)
        w.out() << w.paint(detail::count_of(s.invalid_lines, "invalid line", "invalid lines"), sgr::red)
                << " not counted (named on standard error)\n";
}

void write_share(const char* name, const Share& share, std::string_view rule, std::string_view code, Writer& w) {
    const std::string numbers = std::to_string(share.count) + " of " + std::to_string(share.of);
    w.out() << "  " << pad_right(name, 17) << right(numbers, 14) << "  "
            << w.paint(right(detail::percent(share.count, share.of), 6), share.count > 0 ? code : sgr::none) << "  "
            << rule << '\n';
}

void write_headline(const Summary& s, Writer& w) {
    w.heading("Headline");
    w.out() << "  " << detail::k_publishing_rule << ": " << s.publishing << " of " << s.domains << '\n';
    write_share("misconfigured", s.misconfigured, detail::k_misconfigured_rule, sgr::bold_yellow, w);
    write_share("would lose mail", s.losing_mail, detail::k_losing_mail_rule, sgr::bold_red, w);
}

void write_verdicts_and_modes(const Summary& s, Writer& w) {
    w.heading("Verdicts");
    for (const model::Verdict verdict : detail::k_verdicts) {
        const std::uint64_t count = s.verdicts.of(verdict);
        w.out() << "  " << w.paint(pad_right(render::verdict_word(verdict), 12), render::verdict_sgr(verdict))
                << right(std::to_string(count), 8) << right(detail::percent(count, s.domains), 8) << '\n';
    }
    w.heading("Policy modes (no policy: no _mta-sts record, or no valid mode served)");
    for (const auto& [mode, count] : detail::mode_rows(s.modes)) {
        w.out() << "  " << pad_right(mode, 12) << right(std::to_string(count), 8)
                << right(detail::percent(count, s.domains), 8) << '\n';
    }
}

void write_more(std::size_t rows, Writer& w) {
    if (rows > detail::k_max_text_rows)
        w.out() << "  ... " << rows - detail::k_max_text_rows << " more (see --format json or html)\n";
}

void write_findings(const Summary& s, Writer& w) {
    w.heading("Findings (domains with each id)");
    if (s.findings.empty()) w.out() << "  none\n";
    std::size_t width = 2;
    for (const auto& row : s.findings | std::views::take(detail::k_max_text_rows))
        width = std::max(width, base::printable(row.id).size());
    const std::size_t title_width = std::max(k_min_title_width, k_line_width - (2 + width + 8 + 8 + 2));
    for (const auto& row : s.findings | std::views::take(detail::k_max_text_rows)) {
        w.out() << "  " << pad_right(base::printable(row.id), width) << right(std::to_string(row.domains), 8)
                << right(detail::percent(row.domains, s.domains), 8) << "  "
                << cut(detail::finding_title(row.id), title_width) << '\n';
    }
    write_more(s.findings.size(), w);
}

void write_providers(const Summary& s, Writer& w) {
    w.heading("MX providers (registrable domain of the MX hosts)");
    if (s.providers.empty()) {
        w.out() << "  none\n";
        return;
    }
    std::size_t width = 8;
    for (const auto& row : s.providers | std::views::take(detail::k_max_text_rows))
        width = std::max(width, base::printable(row.provider).size());
    w.out() << "  " << pad_right("PROVIDER", width) << right("DOMAINS", 9) << right("PASS", 8) << right("WARN", 8)
            << right("FAIL", 8) << right("INCOMPL.", 9) << right("PASS%", 8) << right("FAIL%", 8) << '\n';
    for (const auto& row : s.providers | std::views::take(detail::k_max_text_rows)) {
        const model::VerdictTally& v = row.verdicts;
        const std::string fail = right(std::to_string(v.fail), 8);
        w.out() << "  " << pad_right(base::printable(row.provider), width) << right(std::to_string(v.total()), 9)
                << right(std::to_string(v.pass), 8) << right(std::to_string(v.warn), 8)
                << (v.fail > 0 ? w.paint(fail, sgr::red) : fail) << right(std::to_string(v.incomplete), 9)
                << right(detail::percent(v.pass, v.total()), 8) << right(detail::percent(v.fail, v.total()), 8) << '\n';
    }
    write_more(s.providers.size(), w);
}

// Inputs are listed only when one of them had a problem.
void write_inputs(const Summary& s, Writer& w) {
    const bool any = std::ranges::any_of(s.inputs, [](const InputStats& in) { return in.invalid > 0 || in.error; });
    if (!any) return;
    w.heading("Inputs");
    for (const auto& input : s.inputs) {
        w.out() << "  " << base::printable(input.path) << ": " << detail::count_of(input.lines, "line", "lines");
        if (input.invalid > 0) w.out() << ", " << w.paint(std::to_string(input.invalid) + " invalid", sgr::red);
        if (input.error) w.out() << ", " << w.paint("error", sgr::red) << ": " << base::printable(*input.error);
        w.out() << '\n';
    }
}

}  // namespace

void render_text(const Summary& summary, std::ostream& out, bool color) {
    Writer w(out, color);
    write_header(summary, w);
    write_headline(summary, w);
    write_verdicts_and_modes(summary, w);
    write_findings(summary, w);
    write_providers(summary, w);
    write_inputs(summary, w);
}

}  // namespace mtasts::summarize
