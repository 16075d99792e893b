// mx values (RFC 8461 §3.2; docs/rfc-rules.md C9-C11) and MX host matching (§4.1, D2-D4).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "mtasts/rfc/policy.hpp"

using namespace mtasts;

namespace {

// Judges one mx value inside an otherwise valid enforce policy.
rfc::PolicyEvaluation with_mx(const std::string& value) {
    return rfc::evaluate_policy_body("version: STSv1\nmode: enforce\nmx: " + value + "\nmax_age: 604800\n");
}

}  // namespace

TEST_CASE("mx values: valid patterns are kept lower-cased, others are policy.mx-invalid") {
    struct Row {
        const char* value;
        bool valid;
        const char* kept;  // the stored pattern when valid
    };
    const Row rows[] = {
        {"mail.example.com", true, "mail.example.com"},
        {"Mail.Example.COM", true, "mail.example.com"},
        {"*.example.com", true, "*.example.com"},
        {"mail.xn--bcher-kva.example", true, "mail.xn--bcher-kva.example"},  // C11: A-label
        {"mx-1.example.com", true, "mx-1.example.com"},
        {"mail.example.com.", false, nullptr},       // C10
        {"a.example.com, b.example.com", false, nullptr},  // C9
        {"a.example.com b.example.com", false, nullptr},   // C9
        {"mail.bücher.example", false, nullptr},     // C11
        {"*.*.example.com", false, nullptr},         // C10
        {"mx*.example.com", false, nullptr},
        {"mail_1.example.com", false, nullptr},
        {"[192.0.2.1]", false, nullptr},
        {"192.0.2.1", false, nullptr},
        {"2001:db8::1", false, nullptr},
        {"mail.example.com:25", false, nullptr},
        {"https://mail.example.com", false, nullptr},
        {"*.com", true, "*.com"},                    // §3.2 allows it: broad, not invalid
        {"*.Test", true, "*.test"},
        {"localhost", false, nullptr},               // one label
        {"-mail.example.com", false, nullptr},
        {"mail..example.com", false, nullptr},
    };
    for (const auto& row : rows) {
        INFO(row.value);
        const auto result = with_mx(row.value);
        const bool flagged = std::ranges::any_of(result.findings, [](const auto& f) { return f.id == "policy.mx-invalid"; });
        CHECK(flagged == !row.valid);
        CHECK(result.usable == row.valid);
        if (row.valid) {
            REQUIRE(result.policy.mx.size() == 1);
            CHECK(result.policy.mx.front() == row.kept);
        } else {
            CHECK(result.policy.mx.empty());
        }
    }
}

TEST_CASE("an address literal is named as such, not as a port") {
    const auto result = with_mx("[192.0.2.1]");
    REQUIRE_FALSE(result.findings.empty());
    CHECK(result.findings.front().message.find("address") != std::string::npos);
    CHECK(result.findings.front().message.find("port") == std::string::npos);
}

TEST_CASE("MX host matching against patterns") {
    struct Row {
        const char* pattern;
        const char* host;
        bool matches;
    };
    const Row rows[] = {
        {"mail.example.com", "mail.example.com", true},
        {"mail.example.com", "MAIL.Example.COM.", true},  // D2, D4
        {"mail.example.com", "mail.example.com.", true},
        {"mail.example.com", "mail.example.com..", false},
        {"mail.example.com", "mail.example.org", false},
        {"*.example.com", "mail.example.com", true},     // D3
        {"*.example.com", "MX1.EXAMPLE.COM.", true},
        {"*.example.com", "example.com", false},         // D3
        {"*.example.com", "a.b.example.com", false},     // D3
        {"*.example.com", "badexample.com", false},      // D3
        {"*.example.com", ".example.com", false},        // the label must be non-empty
        {"*.example.com", "", false},
        {"*.com", "foo.com", true},                      // §4.1: one label under the TLD
        {"*.com", "a.foo.com", false},                   // never two
        {"*.com", "com", false},
        {"", "mail.example.com", false},
    };
    for (const auto& row : rows) {
        INFO(row.pattern << " vs " << row.host);
        CHECK(rfc::mx_pattern_matches(row.pattern, row.host) == row.matches);
    }
}
