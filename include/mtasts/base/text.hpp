#pragma once
// ASCII text helpers every layer shares. Protocol text (DNS names, header names, media types,
// record keys) is compared case-insensitively in ASCII only (RFC 4343 §3, RFC 9110 §5.1), so
// nothing here depends on the C locale or on Unicode case rules. Never fails.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::base {

// RFC 5234 WSP, what the RFC grammars (TXT records, the policy file) allow around separators.
inline constexpr std::string_view k_wsp = " \t";
// WSP and line ends: what surrounds a header value or a line read from a file.
inline constexpr std::string_view k_line_space = " \t\r\n";

// `c` with A-Z mapped to a-z; every other byte unchanged.
constexpr char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `text` with A-Z mapped to a-z (bytes >= 0x80 unchanged).
std::string lower(std::string_view text);

// True when `a` and `b` are equal but for ASCII case.
bool iequals(std::string_view a, std::string_view b);

// `text` without the bytes of `space` at either end.
std::string_view trim(std::string_view text, std::string_view space = k_line_space);

// `text` without the bytes of `space` at its start.
std::string_view trim_start(std::string_view text, std::string_view space = k_line_space);

// `text` without the bytes of `space` at its end.
std::string_view trim_end(std::string_view text, std::string_view space = k_line_space);

// The pieces of `text` between each `separator`, empty ones included: "a;;b" gives "a", "", "b"
// and "" gives one empty piece. The views point into `text`.
std::vector<std::string_view> split(std::string_view text, char separator);

// True when every byte of `text` is below 0x80.
bool is_ascii(std::string_view text);

// `bytes` as lower-case hexadecimal, two digits a byte (digests, TLSA data).
std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace mtasts::base
