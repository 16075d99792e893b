#pragma once
// Terminal styling every text output shares (the check's report, summarize): ANSI emphasis
// that is only ever added when colour is on, column widths and the words and colours of the
// verdicts (man page, VERDICT). Never fails.
#include <cstddef>
#include <string>
#include <string_view>

#include "mtasts/model/verdict.hpp"

namespace mtasts::render {

// SGR parameters (ECMA-48) of the text outputs.
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

// Columns `text` occupies (code points; `text` holds no escape sequences).
std::size_t display_width(std::string_view text);

// `text` followed by spaces up to `width` columns (never shortened).
std::string pad_right(std::string_view text, std::size_t width);

// Colour of a verdict word.
std::string_view verdict_sgr(model::Verdict verdict);

// "PASS" | "WARN" | "FAIL" | "INCOMPLETE".
std::string verdict_word(model::Verdict verdict);

}  // namespace mtasts::render
