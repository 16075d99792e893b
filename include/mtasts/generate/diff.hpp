#pragma once
// A line diff of two small texts in the unified format ("---", "+++", one "@@" hunk, lines
// prefixed with " ", "-", "+"), for showing a served policy against a proposed one. Pure.
#include <string>
#include <string_view>

namespace mtasts::generate {

// The diff of `before` and `after` by lines, line ends (LF or CRLF) left out of the comparison;
// empty when the lines are equal. Texts of more than 2,000 lines are shown as all removed and
// all added rather than compared (a policy is at most 64 KiB).
std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name,
                         std::string_view after_name);

}  // namespace mtasts::generate
