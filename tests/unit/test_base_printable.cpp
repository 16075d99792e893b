#include <catch2/catch.hpp>
#include <string>

#include "mtasts/base/printable.hpp"

using namespace mtasts;

TEST_CASE("printable escapes what could rewrite a terminal", "[base][printable]") {
    CHECK(base::printable("mx.example.com") == "mx.example.com");
    CHECK(base::printable("caf\xC3\xA9") == "caf\xC3\xA9");                 // valid UTF-8 kept
    CHECK(base::printable("\x1b[31mred") == "\\x1b[31mred");                // ESC
    CHECK(base::printable("a\nb\tc") == "a\\x0ab\\x09c");                   // newline and tab too
    CHECK(base::printable("\xC2\x9B") == "\\u{009b}");                      // C1 control (CSI)
    CHECK(base::printable("\xE2\x80\xAE" "evil") == "\\u{202e}evil");       // bidi override
    CHECK(base::printable("\xFF") == "\\xff");                              // invalid byte
    CHECK(base::printable("back\\slash") == "back\\slash");
    CHECK(base::printable_data("back\\slash") == "back\\x5cslash");
    const std::string once = base::printable("\x1b\xFF\xE2\x81\xA6");
    CHECK(base::printable(once) == once);  // idempotent on its own output
}

TEST_CASE("printable_lines keeps the line breaks of a message", "[base][printable]") {
    CHECK(base::printable_lines("first\nsecond \x1b\n") == "first\nsecond \\x1b\n");
    CHECK(base::printable_lines("") == "");
    CHECK(base::printable_lines("one\r") == "one\\x0d");
}
