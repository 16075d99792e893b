#include "mtasts/render/text_style.hpp"

#include <cstdint>

namespace mtasts::render {

std::string Painter::paint(std::string_view text, std::string_view code) const {
    if (!m_color || code.empty() || text.empty()) return std::string(text);
    std::string painted = "\x1b[";
    painted += code;
    painted += 'm';
    painted += text;
    painted += "\x1b[0m";
    return painted;
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

std::string_view verdict_sgr(model::Verdict verdict) {
    switch (verdict) {
        case model::Verdict::pass: return sgr::bold_green;
        case model::Verdict::warn: return sgr::bold_yellow;
        case model::Verdict::fail: return sgr::bold_red;
        case model::Verdict::incomplete: return sgr::bold_magenta;
    }
    return sgr::bold;
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

}  // namespace mtasts::render
