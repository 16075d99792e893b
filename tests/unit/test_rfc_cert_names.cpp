// SAN dNSName matching of RFC 6125 §6.4.3 under RFC 8461 §3.3 and §4.2 (docs/rfc-rules.md B3, B4,
// E5, E6).
#include <catch2/catch.hpp>

#include "mtasts/rfc/cert_names.hpp"

using mtasts::rfc::match_host_to_sans;
using mtasts::rfc::NameMatch;

TEST_CASE("certificate names: exact, whole-label wildcard, partial wildcard, no match") {
    struct Row {
        const char* host;
        std::vector<std::string> sans;
        NameMatch expected;
    };
    const Row rows[] = {
        {"mx1.example.com", {"mx1.example.com"}, NameMatch::exact},
        {"MX1.Example.COM.", {"mx1.example.com"}, NameMatch::exact},          // case and trailing dot
        {"mx1.example.com", {"MX1.EXAMPLE.COM."}, NameMatch::exact},
        {"mta-sts.example.com", {"*.example.com"}, NameMatch::wildcard},        // B4
        {"mta-sts.example.com", {"*.mta-sts.example.com"}, NameMatch::none},    // B4: covers children only
        {"example.com", {"*.example.com"}, NameMatch::none},                    // never the bare suffix
        {"a.b.example.com", {"*.example.com"}, NameMatch::none},                // exactly one label
        {"mx1.example.com", {"mx*.example.com"}, NameMatch::partial_wildcard},  // B4, E6
        {"mx1.example.com", {"*x1.example.com"}, NameMatch::partial_wildcard},
        {"xn--bcher-kva.example.com", {"xn--*.example.com"}, NameMatch::none},  // no wildcard in an A-label
        {"mx1.example.com", {"*.*.com"}, NameMatch::none},
        {"example.com", {"*.com"}, NameMatch::none},                            // not a public-suffix wildcard
        {"mx1.example.com", {"example.com", "mx2.example.com"}, NameMatch::none},
        {"mail.customer.com", {"mx1.provider.net"}, NameMatch::none},           // E5: the banner name does not count
        {"mx1.example.com", {}, NameMatch::none},                               // B3, E5: CN only = no SAN = no match
        {"mx1.example.com", {"mx*.example.com", "*.example.com"}, NameMatch::wildcard},  // the better match wins
        {"mx1.example.com", {"", "*", "."}, NameMatch::none},
    };
    for (const auto& row : rows) {
        INFO(row.host << " vs " << (row.sans.empty() ? std::string("(none)") : row.sans.front()));
        CHECK(match_host_to_sans(row.host, row.sans) == row.expected);
    }
}
