#include <catch2/catch.hpp>
#include <string>

#include "mtasts/base/printable.hpp"
#include "mtasts/base/utf8.hpp"

using namespace mtasts;

TEST_CASE("utf8_sequence: length and code point of well-formed UTF-8 (RFC 3629 §4)", "[base][utf8]") {
    struct Row {
        std::string bytes;
        std::size_t length;
        char32_t code_point;
    };
    const Row table[] = {
        {"a", 1, U'a'},
        {std::string("\0", 1), 1, 0},
        {"\x7F", 1, 0x7F},
        {"\xC2\x80", 2, 0x80},              // lowest two-byte form
        {"\xDF\xBF", 2, 0x7FF},
        {"\xE0\xA0\x80", 3, 0x800},         // lowest three-byte form
        {"\xED\x9F\xBF", 3, 0xD7FF},        // just below the surrogates
        {"\xEE\x80\x80", 3, 0xE000},        // just above them
        {"\xEF\xBF\xBF", 3, 0xFFFF},
        {"\xF0\x90\x80\x80", 4, 0x10000},   // lowest four-byte form
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF},  // the last code point
        {"\xC3\xA9tail", 2, 0xE9},          // only the first sequence counts
    };
    for (const auto& row : table) {
        INFO(base::printable_data(row.bytes));
        char32_t code_point = 0xFFFFFFFF;
        CHECK(base::utf8_sequence(row.bytes, code_point) == row.length);
        CHECK(code_point == row.code_point);
        CHECK(base::is_valid_utf8(row.bytes));
    }
}

TEST_CASE("utf8_sequence: what is not UTF-8", "[base][utf8]") {
    const std::string table[] = {
        "",
        "\x80",                // a lone continuation byte
        "\xC0\x80",            // overlong NUL
        "\xC1\xBF",            // overlong
        "\xE0\x9F\xBF",        // overlong three-byte form
        "\xF0\x8F\xBF\xBF",    // overlong four-byte form
        "\xED\xA0\x80",        // U+D800, a surrogate
        "\xED\xBF\xBF",        // U+DFFF
        "\xF4\x90\x80\x80",    // U+110000
        "\xF5\x80\x80\x80",    // lead byte beyond U+10FFFF
        "\xF8\x88\x80\x80\x80",  // five-byte form
        "\xFF",
        "\xC3",                // cut short
        "\xE2\x82",
        "\xC3(",               // a continuation byte missing
    };
    for (const auto& bytes : table) {
        INFO(base::printable_data(bytes));
        char32_t code_point = 0;
        CHECK(base::utf8_sequence(bytes, code_point) == 0);
        if (!bytes.empty()) CHECK_FALSE(base::is_valid_utf8(bytes));
    }
    CHECK(base::is_valid_utf8(""));
    CHECK(base::is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xA7"));
    CHECK_FALSE(base::is_valid_utf8("ok, then \xED\xA0\x80"));
}
