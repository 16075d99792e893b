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

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) { length = 2; code = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { length = 3; code = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { length = 4; code = c & 0x07; }
        else return false;
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF))) return false;
        if (code >= 0xD800 && code <= 0xDFFF) return false;
        i += length;
    }
    return true;
}

}  // namespace mtasts::rfc
