#pragma once
// The pieces of a self-contained HTML page that report and summarize share: the head (inline
// CSS and a Content-Security-Policy that forbids every fetch, so that the page works offline
// and cannot leak that it was opened) and horizontal bar charts in inline SVG. Every text is
// escaped with xml_attribute (mtasts/render/escape.hpp). Never fails.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::render {

// Writes the page up to and including <body>: charset, CSP, viewport, `title` and the style.
void write_html_head(std::ostream& out, std::string_view title);

// `value` with one decimal, as the charts write SVG coordinates.
std::string svg_number(double value);

// One part of a bar: its count and its fill (a CSS colour).
struct BarSegment {
    std::uint64_t value = 0;
    std::string color;
};

// One row of a bar chart: the label left of the bar, its parts stacked from the left, the text
// right of it (usually the count) and a tooltip (none when empty).
struct BarRow {
    std::string label;
    std::vector<BarSegment> segments;
    std::string note;
    std::string tooltip;
};

// Writes horizontal bars as <svg id="`id`">, the largest row total the full width; a part that
// is not zero is never drawn thinner than 2 px, so that a handful among thousands stays visible.
void write_bar_chart(std::ostream& out, std::string_view id, const std::vector<BarRow>& rows);

}  // namespace mtasts::render
