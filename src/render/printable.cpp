// The escaping of untrusted text for terminals (include/mtasts/render/printable.hpp).
#include "mtasts/render/printable.hpp"

#include <cstdint>
#include <cstdio>

namespace mtasts::render {
namespace {

// Length of the valid UTF-8 sequence at the start of `bytes` and its code point; 0 when the
// bytes there are not valid UTF-8 (overlong forms, surrogates and values above U+10FFFF are
// invalid per RFC 3629 §3).
std::size_t decode_utf8(std::string_view bytes, char32_t& code_point) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    const std::uint8_t lead = byte(0);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (bytes.size() < length) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return 0;
        value = (value << 6) | (byte(i) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    code_point = value;
    return length;
}

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
        const std::size_t length = decode_utf8(bytes, code_point);
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
    std::string out;
    for (;;) {
        const auto newline = text.find('\n');
        out += printable(text.substr(0, newline));
        if (newline == std::string_view::npos) return out;
        out += '\n';
        text.remove_prefix(newline + 1);
    }
}

}  // namespace mtasts::render
