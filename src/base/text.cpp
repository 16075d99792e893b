#include "mtasts/base/text.hpp"

#include <algorithm>

namespace mtasts::base {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view text, std::string_view space) {
    return trim_end(trim_start(text, space), space);
}

std::string_view trim_start(std::string_view text, std::string_view space) {
    const std::size_t first = text.find_first_not_of(space);
    return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

std::string_view trim_end(std::string_view text, std::string_view space) {
    const std::size_t last = text.find_last_not_of(space);
    return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> pieces;
    for (;;) {
        const std::size_t at = text.find(separator);
        pieces.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return pieces;
        text.remove_prefix(at + 1);
    }
}

bool is_ascii(std::string_view text) {
    return std::ranges::all_of(text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const std::uint8_t byte : bytes) {
        hex += k_digits[byte >> 4];
        hex += k_digits[byte & 0x0f];
    }
    return hex;
}

}  // namespace mtasts::base
