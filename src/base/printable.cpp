// The escaping of untrusted text for terminals (include/mtasts/base/printable.hpp).
#include "mtasts/base/printable.hpp"

#include <cstdint>
#include <cstdio>

#include "mtasts/base/text.hpp"
#include "mtasts/base/utf8.hpp"

namespace mtasts::base {
namespace {

// Code points that would let data rewrite the terminal or reorder what the reader sees:
// C0/C1 controls, DEL, and the bidirectional embedding/override/isolate controls.
bool must_escape(char32_t code_point) {
    if (code_point < 0x20 || code_point == 0x7F) return true;
    if (code_point >= 0x80 && code_point <= 0x9F) return true;
    if (code_point >= 0x202A && code_point <= 0x202E) return true;
    if (code_point >= 0x2066 && code_point <= 0x2069) return true;
    return false;
}

// The escaping of printable() and printable_data(); `escape_backslash` for raw data.
std::string escape_for_terminal(std::string_view bytes, bool escape_backslash) {
    std::string out;
    out.reserve(bytes.size());
    char escape[16];
    while (!bytes.empty()) {
        char32_t code_point = 0;
        const std::size_t length = utf8_sequence(bytes, code_point);
        if (length == 0) {
            std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(static_cast<std::uint8_t>(bytes[0])));
            out += escape;
            bytes.remove_prefix(1);
            continue;
        }
        if (must_escape(code_point) || (escape_backslash && code_point == '\\')) {
            if (code_point < 0x80) {
                std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(code_point));
            } else {
                std::snprintf(escape, sizeof escape, "\\u{%04x}", static_cast<unsigned>(code_point));
            }
            out += escape;
        } else {
            out.append(bytes.substr(0, length));
        }
        bytes.remove_prefix(length);
    }
    return out;
}

}  // namespace

std::string printable(std::string_view bytes) {
    return escape_for_terminal(bytes, false);
}

std::string printable_data(std::string_view bytes) {
    return escape_for_terminal(bytes, true);
}

std::string printable_lines(std::string_view text) {
    const std::vector<std::string_view> lines = split(text, '\n');
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += '\n';
        out += printable(lines[i]);
    }
    return out;
}

}  // namespace mtasts::base
