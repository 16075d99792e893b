#include "policy_lines.hpp"

namespace mtasts::rfc {

std::vector<PolicyLine> split_policy_lines(std::string_view body) {
    std::vector<PolicyLine> lines;
    std::size_t start = 0;
    std::size_t number = 0;
    while (true) {
        const std::size_t newline = body.find('\n', start);
        const bool last = newline == std::string_view::npos;
        // The text after the final terminator is empty when the body ends in one: not a line.
        if (last && start == body.size() && !lines.empty()) break;
        PolicyLine line;
        line.number = ++number;
        line.text = body.substr(start, last ? std::string_view::npos : newline - start);
        if (!last) {
            if (line.text.ends_with('\r')) line.text.remove_suffix(1);
            else line.ends_with_bare_lf = true;
        }
        if (const auto cr = line.text.find('\r'); cr != std::string_view::npos) {
            line.bare_cr = true;
            line.bare_cr_column = cr + 1;
        }
        lines.push_back(line);
        if (last) break;
        start = newline + 1;
    }
    return lines;
}

}  // namespace mtasts::rfc
