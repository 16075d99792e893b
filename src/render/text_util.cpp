#include "text_util.hpp"

#include <cstdint>
#include <cstdio>

namespace mtasts::render::detail {
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

std::string Painter::paint(std::string_view text, std::string_view code) const {
    if (!m_color || code.empty() || text.empty()) return std::string(text);
    std::string painted = "\x1b[";
    painted += code;
    painted += 'm';
    painted += text;
    painted += "\x1b[0m";
    return painted;
}

std::string printable(std::string_view bytes) {
    return escape_for_terminal(bytes, false);
}

std::string printable_data(std::string_view bytes) {
    return escape_for_terminal(bytes, true);
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (const char c : text) {
        // Count every byte that does not continue a multi-byte sequence.
        if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) ++width;
    }
    return width;
}

std::string pad_right(std::string_view text, std::size_t width) {
    std::string padded(text);
    const std::size_t used = display_width(text);
    if (used < width) padded.append(width - used, ' ');
    return padded;
}

std::vector<std::string> wrap(std::string_view text, std::size_t first_width, std::size_t rest_width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_width = 0;
    std::size_t limit = first_width;
    // Empty words stand for runs of spaces: kept inside a line, dropped at a line start.
    while (true) {
        const std::size_t space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        const std::size_t word_width = display_width(word);
        if (line_width == 0 && line.empty()) {
            line = word;
            line_width = word_width;
        } else if (line_width + 1 + word_width <= limit) {
            line += ' ';
            line += word;
            line_width += 1 + word_width;
        } else if (!word.empty()) {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(std::move(line));
            line = std::string(word);
            line_width = word_width;
            limit = rest_width;
        }
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    return lines;
}

std::string_view verdict_sgr(model::Verdict verdict) {
    switch (verdict) {
        case model::Verdict::pass: return sgr::bold_green;
        case model::Verdict::warn: return sgr::bold_yellow;
        case model::Verdict::fail: return sgr::bold_red;
        case model::Verdict::incomplete: return sgr::bold_magenta;
    }
    return sgr::bold;
}

std::string_view severity_sgr(model::Severity severity) {
    switch (severity) {
        case model::Severity::error: return sgr::red;
        case model::Severity::warning: return sgr::yellow;
        case model::Severity::inconclusive: return sgr::magenta;
        case model::Severity::info: return sgr::dim;
    }
    return sgr::none;
}

std::string verdict_word(model::Verdict verdict) {
    switch (verdict) {
        case model::Verdict::pass: return "PASS";
        case model::Verdict::warn: return "WARN";
        case model::Verdict::fail: return "FAIL";
        case model::Verdict::incomplete: return "INCOMPLETE";
    }
    return "PASS";
}

std::string_view severity_mark(model::Severity severity) {
    switch (severity) {
        case model::Severity::error: return "✗";
        case model::Severity::warning: return "!";
        case model::Severity::info: return "·";
        case model::Severity::inconclusive: return "?";
    }
    return "·";
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
    std::string text = std::to_string(count);
    text += ' ';
    text += count == 1 ? singular : plural;
    return text;
}

}  // namespace mtasts::render::detail
