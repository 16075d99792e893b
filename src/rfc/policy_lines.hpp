#pragma once
// Splitting a policy body into lines the way RFC 8461 §3.2's ABNF does (LF or CRLF, one
// optional final terminator), keeping what a line-level judgement needs. Internal to src/rfc.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "mtasts/rfc/names.hpp"

namespace mtasts::rfc {

struct PolicyLine {
    std::size_t number = 0;        // 1-based
    std::string_view text;         // without its terminator
    bool ends_with_bare_lf = false;
    bool bare_cr = false;          // a CR not followed by LF inside the line
    std::size_t bare_cr_column = 0;
};

// The lines of `body`; an empty body is one empty line. Linear in the body's size.
std::vector<PolicyLine> split_policy_lines(std::string_view body);

}  // namespace mtasts::rfc
