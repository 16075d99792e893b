#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "mtasts/base/text.hpp"

using namespace mtasts;

TEST_CASE("lower maps ASCII A-Z only", "[base][text]") {
    CHECK(base::lower("MTA-STS.Example.COM") == "mta-sts.example.com");
    CHECK(base::lower("") == "");
    CHECK(base::lower("@[`{") == "@[`{");  // the bytes around A-Z and a-z stay
    // Bytes >= 0x80 are not letters here: an upper-case U-label stays as it is.
    CHECK(base::lower("B\xC3\x9C"
                      "CHER") == "b\xC3\x9C"
                                 "cher");
    CHECK(base::lower(std::string("A\0B", 3)) == std::string("a\0b", 3));
    CHECK(base::lower('Q') == 'q');
    CHECK(base::lower('\xC0') == '\xC0');
}

TEST_CASE("iequals ignores ASCII case only", "[base][text]") {
    CHECK(base::iequals("v=STSv1", "V=stsV1"));
    CHECK(base::iequals("", ""));
    CHECK_FALSE(base::iequals("id", "id "));
    CHECK_FALSE(base::iequals("\xC3\x9C", "\xC3\xBC"));  // Ü and ü are different bytes
}

TEST_CASE("trim removes the given bytes at either end", "[base][text]") {
    struct Row {
        std::string_view text;
        std::string_view space;
        std::string_view both, start, end;
    };
    const Row table[] = {
        {" \t a b \r\n", base::k_line_space, "a b", "a b \r\n", " \t a b"},
        {" \t a b \r\n", base::k_wsp, "a b \r\n", "a b \r\n", " \t a b \r\n"},
        {"", base::k_line_space, "", "", ""},
        {" \r\n\t ", base::k_line_space, "", "", ""},
        {"example.com..", ".", "example.com", "example.com..", "example.com"},
        // VT and FF are not in the set
        {"\x0b" "a\x0c", base::k_line_space, "\x0b" "a\x0c", "\x0b" "a\x0c", "\x0b" "a\x0c"},
    };
    for (const auto& row : table) {
        INFO('"' << row.text << '"');
        CHECK(base::trim(row.text, row.space) == row.both);
        CHECK(base::trim_start(row.text, row.space) == row.start);
        CHECK(base::trim_end(row.text, row.space) == row.end);
    }
    CHECK(base::trim("  x  ") == "x");  // line space by default
}

TEST_CASE("split keeps empty pieces", "[base][text]") {
    using Pieces = std::vector<std::string_view>;
    CHECK(base::split("a;b", ';') == Pieces{"a", "b"});
    CHECK(base::split("a;;b;", ';') == Pieces{"a", "", "b", ""});
    CHECK(base::split("", ';') == Pieces{""});
    CHECK(base::split(";", ';') == Pieces{"", ""});
    CHECK(base::split("no separator", ';') == Pieces{"no separator"});
}

TEST_CASE("is_ascii and to_hex", "[base][text]") {
    CHECK(base::is_ascii(""));
    CHECK(base::is_ascii(std::string("\0\x7f", 2)));
    CHECK_FALSE(base::is_ascii("caf\xC3\xA9"));
    CHECK(base::to_hex(std::vector<std::uint8_t>{}) == "");
    CHECK(base::to_hex(std::vector<std::uint8_t>{0x00, 0x0f, 0xa0, 0xff}) == "000fa0ff");
}
