#include <catch2/catch.hpp>
#include <string>

#include "mtasts/rfc/names.hpp"

using mtasts::rfc::canonical_host;
using mtasts::rfc::normalize_domain;

namespace {

struct Accepted {
    std::string input;
    std::string canonical;
};

struct Rejected {
    std::string input;
    std::string reason;  // a phrase the error message must contain
};

}  // namespace

TEST_CASE("normalize_domain accepts names and returns the canonical form") {
    const Accepted table[] = {
        {"example.com", "example.com"},
        {"Example.COM", "example.com"},   // case folded
        {"example.com.", "example.com"},  // one trailing dot dropped
        {"mail-1.sub.example.org", "mail-1.sub.example.org"},
        {"b\xc3\xbc"
         "cher.example",
         "xn--bcher-kva.example"},  // U-label -> A-label
        {"B\xc3\x9c"
         "CHER.example",
         "xn--bcher-kva.example"},                           // upper-case U-label mapped (UTS #46)
        {"xn--bcher-kva.example", "xn--bcher-kva.example"},  // valid A-label kept
        {"XN--BCHER-KVA.Example", "xn--bcher-kva.example"},
        {std::string(63, 'a') + ".com", std::string(63, 'a') + ".com"},  // longest label
        {"123.example", "123.example"},                                  // digits-only label, not the last
    };
    for (const auto& row : table) {
        INFO(row.input);
        const auto result = normalize_domain(row.input);
        REQUIRE(result.has_value());
        CHECK(*result == row.canonical);
    }
}

TEST_CASE("normalize_domain accepts exactly 253 octets and rejects 254") {
    // 4 labels of 63 octets plus 3 dots = 255; trim the last label to reach the limits.
    const std::string label(63, 'a');
    const std::string at_limit = label + "." + label + "." + label + "." + std::string(61, 'b');
    REQUIRE(at_limit.size() == 253);
    CHECK(normalize_domain(at_limit).has_value());
    const std::string over = label + "." + label + "." + label + "." + std::string(62, 'b');
    REQUIRE(over.size() == 254);
    const auto result = normalize_domain(over);
    REQUIRE_FALSE(result.has_value());
    CHECK_THAT(result.error(), Catch::Contains("253 octets"));
}

TEST_CASE("normalize_domain rejects what is not a mail domain, and says why") {
    const Rejected table[] = {
        {"", "empty"},
        {".", "root"},
        {"example..com", "label 2 is empty"},
        {".example.com", "label 1 is empty"},
        {"example.com..", "label 3 is empty"},
        {"exa mple.com", "contains a space"},
        {"example.com ", "contains a space"},
        {"ex_ample.com", "'_'"},
        {"example.com/x", "'/'"},
        {"192.0.2.1", "IP address"},
        {"2001:db8::1", "IP address"},
        {"[2001:db8::1]", "IP address"},
        {"[192.0.2.1]", "IP address"},
        {std::string(64, 'a') + ".com", "longer than 63 octets"},
        {"-mail.example.com", "starts or ends with '-'"},
        {"mail-.example.com", "starts or ends with '-'"},
        {"localhost", "at least two labels"},
        {"example.123", "all digits"},
        {"xn--zz.example", "IDNA2008"},        // invalid punycode
        {"xn--n3h.example", "IDNA2008"},       // A-label of a disallowed symbol
        {"\xe2\x98\x83.example", "IDNA2008"},  // U+2603 snowman: disallowed
        {"a\xe2\x80\x8d"
         "b.example",
         "IDNA2008"},  // ZERO WIDTH JOINER without context
        {"b\xc3\xbc"
         "cher\xff.example",
         "IDNA2008"},                                           // invalid UTF-8
        {std::string("exa\0mple.com", 12), "byte 0x00"},        // NUL is not silently cut
        {std::string("b\xc3\xbc\0cher.com", 10), "byte 0x00"},  // ... not even before IDNA
        {"exa\tmple.com", "byte 0x09"},
        {std::string(2000, 'a'), "253 octets"},
        {"b\xc3\xbc"
         "cher." +
             std::string(60, 'a') + "\xc3\xbc.example",
         "63 octets"},  // label too long once converted
    };
    for (const auto& row : table) {
        INFO(row.input);
        const auto result = normalize_domain(row.input);
        REQUIRE_FALSE(result.has_value());
        CHECK_THAT(result.error(), Catch::Contains(row.reason));
    }
}

TEST_CASE("canonical_host lower-cases ASCII and strips one trailing dot") {
    const Accepted table[] = {
        {"MX1.Example.COM.", "mx1.example.com"},
        {"mx1.example.com", "mx1.example.com"},
        {"mx1.example.com..", "mx1.example.com."},
        {"", ""},
        {".", ""},
    };
    for (const auto& row : table) {
        INFO(row.input);
        CHECK(canonical_host(row.input) == row.canonical);
    }
}
