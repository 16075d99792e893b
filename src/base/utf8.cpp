#include "mtasts/base/utf8.hpp"

#include <cstdint>

namespace mtasts::base {

std::size_t utf8_sequence(std::string_view bytes, char32_t& code_point) {
    if (bytes.empty()) return 0;
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    const std::uint8_t lead = byte(0);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;  // below it, the sequence is an overlong form
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

bool is_valid_utf8(std::string_view text) {
    while (!text.empty()) {
        char32_t ignored = 0;
        const std::size_t length = utf8_sequence(text, ignored);
        if (length == 0) return false;
        text.remove_prefix(length);
    }
    return true;
}

}  // namespace mtasts::base
