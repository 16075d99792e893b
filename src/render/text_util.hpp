#pragma once
// Private helpers of the text renderer: escaping of untrusted bytes, word wrapping and severity
// marks; the emphasis and column widths other text outputs share are in
// mtasts/render/text_style.hpp. Widths are counted in code points (the report is ASCII plus a
// few single-width symbols; East Asian wide characters in wire data may misalign a column).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/base/printable.hpp"
#include "mtasts/model/finding.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/render/text_style.hpp"

namespace mtasts::render::detail {

// Lines are wrapped at this many columns (messages and hints; data words are never cut).
inline constexpr std::size_t k_line_width = 100;

// The terminal styling every text renderer shares (mtasts/render/text_style.hpp), by the
// names this renderer has always used.
namespace sgr = render::sgr;
using render::display_width;
using render::Painter;
using render::pad_right;
using render::verdict_sgr;
using render::verdict_word;

// The one escaping of untrusted text (mtasts/base/printable.hpp), used by every renderer.
using base::printable;
using base::printable_data;

// Splits `text` at spaces into lines of at most `first_width` (first line) and `rest_width`
// (the others) columns; a word longer than a line stays whole on its own line.
std::vector<std::string> wrap(std::string_view text, std::size_t first_width, std::size_t rest_width);

// Colour of a severity mark.
std::string_view severity_sgr(model::Severity severity);

// "✗" error, "!" warning, "·" info, "?" inconclusive.
std::string_view severity_mark(model::Severity severity);

// "1 error", "2 errors": `count` followed by the singular or plural noun.
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

}  // namespace mtasts::render::detail
