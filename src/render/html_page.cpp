// The head and the bar charts of the self-contained HTML pages (report, summarize).
#include "mtasts/render/html_page.hpp"

#include <algorithm>
#include <cstdio>

#include "mtasts/render/escape.hpp"

namespace mtasts::render {
namespace {

constexpr const char* k_style = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#1d2430;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{border:1px solid #d8dde6;border-radius:6px;padding:10px 16px;min-width:150px}
.card b{display:block;font-size:24px}.ok{color:#1a7f37}.bad{color:#c0392b}.warn{color:#9a6700}.muted{color:#667085}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceff3;vertical-align:top}
th{background:#f5f7fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px}
pre{background:#f5f7fa;padding:6px 8px;margin:2px 0;white-space:pre-wrap}svg text{font:11px system-ui,sans-serif;fill:#1d2430}
)";

constexpr double k_chart_width = 1140, k_row_height = 22, k_label_width = 300;
// Room right of the longest bar for its note ("16 (81.2% pass)").
constexpr double k_note_width = 150;

std::uint64_t row_total(const BarRow& row) {
    std::uint64_t total = 0;
    for (const auto& segment : row.segments) total += segment.value;
    return total;
}

// One row at height `y`: label, the parts side by side, the note after the last one.
void write_bar_row(std::ostream& out, const BarRow& row, double y, double peak) {
    const double scale = (k_chart_width - k_label_width - k_note_width) / peak;
    if (!row.tooltip.empty()) out << "<g><title>" << xml_text(row.tooltip) << "</title>";
    out << "<text x=\"" << k_label_width - 8 << "\" y=\"" << svg_number(y + 15) << "\" text-anchor=\"end\">"
        << xml_attribute(row.label) << "</text>";
    double x = k_label_width;
    for (const auto& segment : row.segments) {
        if (segment.value == 0) continue;
        const double w = std::max(2.0, scale * static_cast<double>(segment.value));
        out << "<rect x=\"" << svg_number(x) << "\" y=\"" << svg_number(y + 3) << "\" width=\"" << svg_number(w)
            << "\" height=\"" << k_row_height - 6 << "\" fill=\"" << xml_attribute(segment.color) << "\"/>";
        x += w;
    }
    out << "<text x=\"" << svg_number(x + 6) << "\" y=\"" << svg_number(y + 15) << "\">" << xml_attribute(row.note)
        << "</text>" << (row.tooltip.empty() ? "" : "</g>") << '\n';
}

}  // namespace

void write_html_head(std::ostream& out, std::string_view title) {
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << xml_attribute(title) << "</title><style>" << k_style << "</style></head><body>\n";
}

std::string svg_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

void write_bar_chart(std::ostream& out, std::string_view id, const std::vector<BarRow>& rows) {
    std::uint64_t peak = 1;
    for (const auto& row : rows) peak = std::max(peak, row_total(row));
    const double height = k_row_height * static_cast<double>(rows.size()) + 8;
    out << "<svg id=\"" << xml_attribute(id) << "\" role=\"img\" width=\"" << k_chart_width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << k_chart_width << ' ' << height << "\">\n";
    double y = 4;
    for (const auto& row : rows) {
        write_bar_row(out, row, y, static_cast<double>(peak));
        y += k_row_height;
    }
    out << "</svg>\n";
}

}  // namespace mtasts::render
