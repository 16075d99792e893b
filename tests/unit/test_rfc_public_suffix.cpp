// The registrable domain by the Public Suffix List (https://publicsuffix.org/list/): the
// provider of a hosted MTA-STS setup (RFC 8461 §8.2) is named by it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "mtasts/rfc/public_suffix.hpp"

using namespace mtasts;

namespace {

// The algorithm's own examples (publicsuffix.org/list/, "Example") and an IDN rule.
constexpr std::string_view k_rules =
    "// ===BEGIN ICANN DOMAINS===\n"
    "com\n"
    "uk\n"
    "co.uk\n"
    "*.ck\n"
    "!www.ck\n"
    "\n"
    "// a comment line\n"
    "公司.cn  trailing words are no part of the rule\n"
    "cn\n";

}  // namespace

TEST_CASE("the prevailing rule: the longest match, wildcards, exceptions") {
    const auto list = rfc::PublicSuffixList::parse(k_rules);
    CHECK(list.size() == 7);
    const std::pair<std::string_view, std::optional<std::string>> cases[] = {
        {"mta-sts.example.com", "example.com"},
        {"Example.COM.", "example.com"},
        {"com", std::nullopt},                      // a public suffix has no registrable domain
        {"a.b.example.co.uk", "example.co.uk"},     // co.uk is longer than uk
        {"example.uk", "example.uk"},
        {"a.b.ck", "a.b.ck"},                       // *.ck makes b.ck a suffix
        {"b.ck", std::nullopt},
        {"a.www.ck", "www.ck"},                     // !www.ck: www.ck is registrable
        {"mta-sts.shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"},  // the rule 公司.cn as A-labels
        {"", std::nullopt},
    };
    for (const auto& [name, expected] : cases) {
        INFO(name);
        CHECK(list.registrable_domain(name) == expected);
    }
}

TEST_CASE("an unknown top-level domain and an empty list: the last two labels (the default rule *)") {
    const auto list = rfc::PublicSuffixList::parse(k_rules);
    CHECK(list.registrable_domain("mta-sts.hoster.test") == "hoster.test");
    const rfc::PublicSuffixList none;
    CHECK(none.size() == 0);
    CHECK(none.registrable_domain("a.b.example.co.uk") == "co.uk");
    CHECK(none.registrable_domain("mta-sts.hoster.test") == "hoster.test");
    CHECK(none.registrable_domain("test") == std::nullopt);
}

TEST_CASE("Debian's list, when installed (package publicsuffix)") {
    std::ifstream file("/usr/share/publicsuffix/public_suffix_list.dat");
    if (!file) return;  // the fallback above is what runs without it
    std::ostringstream text;
    text << file.rdbuf();
    const auto list = rfc::PublicSuffixList::parse(text.str());
    CHECK(list.size() > 5000);
    CHECK(list.registrable_domain("mta-sts.example.co.uk") == "example.co.uk");
    CHECK(list.registrable_domain("_mta-sts.customer.example.com") == "example.com");
}
