#pragma once
// Private helpers of the text renderer: ANSI emphasis, escaping of untrusted bytes, display
// width and word wrapping. Widths are counted in code points (the report is ASCII plus a few
// single-width symbols; East Asian wide characters in wire data may misalign a column).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/base/printable.hpp"
#include "mtasts/model/finding.hpp"
#include "mtasts/model/verdict.hpp"

namespace mtasts::render::detail {

// Lines are wrapped at this many columns (messages and hints; data words are never cut).
inline constexpr std::size_t k_line_width = 100;

// SGR parameters (ECMA-48) used by the report.
namespace sgr {
inline constexpr std::string_view none{};
inline constexpr std::string_view bold = "1";
inline constexpr std::string_view dim = "2";
inline constexpr std::string_view red = "31";
inline constexpr std::string_view green = "32";
inline constexpr std::string_view yellow = "33";
inline constexpr std::string_view magenta = "35";
inline constexpr std::string_view bold_red = "1;31";
inline constexpr std::string_view bold_green = "1;32";
inline constexpr std::string_view bold_yellow = "1;33";
inline constexpr std::string_view bold_magenta = "1;35";
}  // namespace sgr

// Wraps text in SGR codes when colour is on; returns it unchanged otherwise.
class Painter {
public:
    explicit Painter(bool color) : m_color(color) {}
    // `text` with the SGR parameters `code` applied, reset at the end.
    std::string paint(std::string_view text, std::string_view code) const;

private:
    bool m_color;
};

// The one escaping of untrusted text (mtasts/base/printable.hpp), used by every renderer.
using base::printable;
using base::printable_data;

// Columns `text` occupies (code points; `text` holds no escape sequences).
std::size_t display_width(std::string_view text);

// `text` followed by spaces up to `width` columns (never shortened).
std::string pad_right(std::string_view text, std::size_t width);

// Splits `text` at spaces into lines of at most `first_width` (first line) and `rest_width`
// (the others) columns; a word longer than a line stays whole on its own line.
std::vector<std::string> wrap(std::string_view text, std::size_t first_width, std::size_t rest_width);

// Colour of a verdict word and of a severity mark.
std::string_view verdict_sgr(model::Verdict verdict);
std::string_view severity_sgr(model::Severity severity);

// "PASS" | "WARN" | "FAIL" | "INCOMPLETE".
std::string verdict_word(model::Verdict verdict);

// "✗" error, "!" warning, "·" info, "?" inconclusive.
std::string_view severity_mark(model::Severity severity);

// "1 error", "2 errors": `count` followed by the singular or plural noun.
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

}  // namespace mtasts::render::detail
