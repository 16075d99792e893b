// The policy body grammar of RFC 8461 §3.2 (docs/rfc-rules.md, group C),
// media type and size (B11, B12), and MX pattern matching (§4.1, D2-D4).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "mtasts/rfc/policy.hpp"

using namespace mtasts;
using rfc::PolicyMode;

namespace {

std::vector<std::string> ids_of(const model::Findings& findings) {
    std::vector<std::string> ids;
    for (const auto& f : findings) ids.push_back(f.id);
    return ids;
}

bool has(const model::Findings& findings, std::string_view id) {
    return std::ranges::any_of(findings, [id](const model::Finding& f) { return f.id == id; });
}

const std::string k_good = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.mail.example.com\r\nmax_age: 604800\r\n";

}  // namespace

TEST_CASE("a correct policy parses with its values and no problem") {
    const auto evaluation = rfc::evaluate_policy_body(k_good);
    INFO(Catch::Detail::stringify(ids_of(evaluation.findings)));
    CHECK(evaluation.usable);
    CHECK(evaluation.findings.empty());
    CHECK(evaluation.policy.version_ok);
    CHECK(evaluation.policy.mode == PolicyMode::enforce);
    CHECK(evaluation.policy.max_age == 604800);
    CHECK(evaluation.policy.mx == std::vector<std::string>{"mx1.example.com", "*.mail.example.com"});
}

TEST_CASE("line endings: LF, CRLF and a mix are fine, a bare CR is not (C1)") {
    const auto lf = rfc::evaluate_policy_body("version: STSv1\nmode: testing\nmx: a.example.com\nmax_age: 86400\n");
    CHECK(lf.usable);
    CHECK(has(lf.findings, "policy.line-endings"));
    CHECK(lf.findings.front().severity != model::Severity::error);
    const auto mixed = rfc::evaluate_policy_body("version: STSv1\r\nmode: testing\nmx: a.example.com\r\nmax_age: 86400");
    CHECK(mixed.usable);
    const auto cr = rfc::evaluate_policy_body("version: STSv1\rmode: enforce\rmx: a.example.com\rmax_age: 86400\r");
    CHECK_FALSE(cr.usable);
    CHECK(has(cr.findings, "policy.invalid"));
}

TEST_CASE("each grammar rule, one row each (C2-C15)") {
    struct Row {
        const char* name;
        std::string body;
        const char* expected_id;
        bool usable;
    };
    const std::string tail = "mx: a.example.com\nmax_age: 86400\n";
    const Row rows[] = {
        {"BOM (C15)", "\xEF\xBB\xBFversion: STSv1\nmode: enforce\n" + tail, "policy.invalid", false},
        {"trailing spaces after the value (C2)", "version: STSv1\nmode: enforce  \n" + tail, "", true},
        {"indented line (C2)", "version: STSv1\n  mode: enforce\n" + tail, "policy.invalid", false},
        {"blank line in the middle (C3)", "version: STSv1\n\nmode: enforce\n" + tail, "policy.invalid", false},
        {"body ending in two newlines (C3)", "version: STSv1\nmode: enforce\n" + tail + "\n", "policy.invalid", false},
        {"version on a later line (C4)", "mode: enforce\nversion: STSv1\n" + tail, "policy.version-not-first", true},
        {"key in upper case (C14)", "version: STSv1\nMode: enforce\n" + tail, "policy.mode-invalid", false},
        {"comment after the mode (C5)", "version: STSv1\nmode: enforce # strict\n" + tail, "policy.mode-invalid", false},
        {"mode twice (C13)", "version: STSv1\nmode: testing\nmode: enforce\n" + tail, "policy.duplicate-key", true},
        {"max_age with a sign (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: +86400\n", "policy.max-age-invalid", false},
        {"max_age with an underscore (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86_400\n", "policy.max-age-invalid", false},
        {"max_age with an exponent (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 1e6\n", "policy.max-age-invalid", false},
        {"max_age 10 digits (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 9999999999\n", "policy.max-age-invalid", false},
        {"max_age 11 digits", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 99999999999\n", "policy.max-age-invalid", false},
        {"max_age at the limit (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557600\n", "", true},
        {"max_age one above (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 31557601\n", "policy.max-age-invalid", false},
        {"max_age zero (C7)", "version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 0\n", "policy.max-age-short", true},
        {"mx with a trailing dot (C10)", "version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"mx as a comma list (C9)", "version: STSv1\nmode: enforce\nmx: a.example.com, b.example.com\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"mx as a U-label (C11)", "version: STSv1\nmode: enforce\nmx: mail.b\xC3\xBC" "cher.example\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"mx as an IP address", "version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"mx with a port", "version: STSv1\nmode: enforce\nmx: mail.example.com:25\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"mx as a URL", "version: STSv1\nmode: enforce\nmx: https://mail.example.com\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"mx with an inner wildcard", "version: STSv1\nmode: enforce\nmx: mail.*.example.com\nmax_age: 86400\n", "policy.mx-invalid", false},
        {"no mx in enforce (C8)", "version: STSv1\nmode: enforce\nmax_age: 86400\n", "policy.mx-missing", false},
        {"no mx in mode none is fine (C8)", "version: STSv1\nmode: none\nmax_age: 86400\n", "policy.mode-none", true},
        {"version in lower case (C4)", "version: stsv1\nmode: enforce\n" + tail, "policy.version", false},
        {"version missing (C4)", "mode: enforce\n" + tail, "policy.version", false},
        {"mode missing (C5)", "version: STSv1\n" + tail, "policy.mode-invalid", false},
        {"max_age missing (C6)", "version: STSv1\nmode: enforce\nmx: a.example.com\n", "policy.max-age-invalid", false},
        {"unknown extension key (C12)", "version: STSv1\nmode: enforce\n" + tail + "contact: admin@example.com\n", "policy.unknown-key", true},
        {"typo one edit away", "version: STSv1\nmode: enforce\nnmx: a.example.com\nmx: a.example.com\nmax_age: 86400\n", "policy.unknown-key", true},
        {"space before the colon", "version: STSv1\nmode : enforce\n" + tail, "policy.mode-invalid", false},
        {"line without a colon", "version: STSv1\nmode enforce\n" + tail, "policy.invalid", false},
        {"NUL byte", std::string("version: STSv1\nmode: enforce\0\n", 30) + tail, "policy.invalid", false},
        {"empty body", "", "policy.invalid", false},
        {"an HTML page", "<html><body>Not Found</body></html>\n", "policy.invalid", false},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        const auto evaluation = rfc::evaluate_policy_body(row.body);
        INFO(Catch::Detail::stringify(ids_of(evaluation.findings)));
        if (std::string_view(row.expected_id).empty()) {
            CHECK(std::ranges::none_of(evaluation.findings, [](const auto& f) { return f.severity == model::Severity::error; }));
        } else {
            CHECK(has(evaluation.findings, row.expected_id));
        }
        CHECK(evaluation.usable == row.usable);
    }
}

TEST_CASE("values read as senders read them") {
    SECTION("trailing whitespace is not part of the mode (C2)") {
        CHECK(rfc::evaluate_policy_body("version: STSv1\nmode: enforce \t\nmx: a.example.com\nmax_age: 86400").policy.mode == PolicyMode::enforce);
    }
    SECTION("the first of duplicate keys wins (C13)") {
        const auto evaluation = rfc::evaluate_policy_body("version: STSv1\nmode: testing\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n");
        CHECK(evaluation.policy.mode == PolicyMode::testing);
        const auto& duplicate = *std::ranges::find(evaluation.findings, std::string("policy.duplicate-key"), &model::Finding::id);
        CHECK(duplicate.subject == "line 3");
        CHECK(duplicate.message.find("line 2") != std::string::npos);
    }
    SECTION("mx patterns are lower-cased and keep their order; mx may repeat") {
        const auto evaluation = rfc::evaluate_policy_body("version: STSv1\nmode: enforce\nmx: B.Example.com\nmx: a.example.com\nmax_age: 86400\n");
        CHECK(evaluation.policy.mx == std::vector<std::string>{"b.example.com", "a.example.com"});
    }
    SECTION("a U-label is told its A-label") {
        const auto evaluation = rfc::evaluate_policy_body("version: STSv1\nmode: enforce\nmx: mail.b\xC3\xBC" "cher.example\nmax_age: 86400\n");
        const auto& finding = *std::ranges::find(evaluation.findings, std::string("policy.mx-invalid"), &model::Finding::id);
        CHECK(finding.message.find("xn--bcher-kva") != std::string::npos);
    }
    SECTION("the did-you-mean names the key") {
        const auto evaluation = rfc::evaluate_policy_body("version: STSv1\nMode: enforce\nmx: a.example.com\nmax_age: 86400\n");
        const auto& finding = *std::ranges::find(evaluation.findings, std::string("policy.unknown-key"), &model::Finding::id);
        CHECK(finding.severity == model::Severity::warning);
        CHECK(finding.message.find("did you mean \"mode\"") != std::string::npos);
    }
}

TEST_CASE("hostile bodies are judged in bounded time with a bounded list of findings") {
    std::string junk;
    for (int i = 0; i < 5000; ++i) junk += "  bad line " + std::to_string(i) + "\n";
    const auto evaluation = rfc::evaluate_policy_body(junk);
    CHECK_FALSE(evaluation.usable);
    CHECK(evaluation.findings.size() < 30);
    CHECK(std::ranges::any_of(evaluation.findings, [](const auto& f) { return f.message.find("more problems") != std::string::npos; }));
    std::string binary(70000, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7919 % 256);
    CHECK_FALSE(rfc::evaluate_policy_body(binary).usable);
}

TEST_CASE("media type (B11)") {
    CHECK(rfc::evaluate_content_type("text/plain", "u").empty());
    CHECK(rfc::evaluate_content_type("Text/Plain; Charset=\"UTF-8\"", "u").empty());
    CHECK(rfc::evaluate_content_type("text/plain;charset=us-ascii", "u").empty());
    CHECK(ids_of(rfc::evaluate_content_type("text/html; charset=utf-8", "u")) == std::vector<std::string>{"policy.content-type"});
    CHECK(ids_of(rfc::evaluate_content_type(std::nullopt, "u")) == std::vector<std::string>{"policy.content-type"});
    CHECK(ids_of(rfc::evaluate_content_type("text/plain; charset=iso-8859-1", "u")) == std::vector<std::string>{"policy.charset"});
    CHECK(ids_of(rfc::evaluate_content_type("application/octet-stream", "u")) == std::vector<std::string>{"policy.content-type"});
}

TEST_CASE("size limits (B12)") {
    CHECK(rfc::evaluate_body_size(64000, "u").empty());
    CHECK(ids_of(rfc::evaluate_body_size(64001, "u")) == std::vector<std::string>{"policy.size-ambiguous"});
    CHECK(ids_of(rfc::evaluate_body_size(65536, "u")) == std::vector<std::string>{"policy.size-ambiguous"});
    CHECK(ids_of(rfc::evaluate_body_size(65537, "u")) == std::vector<std::string>{"policy.too-large"});
}

TEST_CASE("MX pattern matching (RFC 8461 §4.1, D2-D4)") {
    struct Row {
        const char* pattern;
        const char* host;
        bool matches;
    };
    const Row rows[] = {
        {"mail.example.com", "mail.example.com", true},
        {"mail.example.com", "mail.example.com.", true},   // D4
        {"mail.example.com", "MAIL.EXAMPLE.COM", true},    // D2
        {"*.example.com", "mx1.example.com", true},
        {"*.example.com", "example.com", false},           // D3
        {"*.example.com", "a.b.example.com", false},       // D3
        {"*.example.com", "badexample.com", false},        // D3
        {"*.example.com", ".example.com", false},
        {"mail.example.com", "mail.example.co", false},
        {"*.Example.COM", "MX.example.com.", true},
    };
    for (const Row& row : rows) {
        INFO(row.pattern << " ~ " << row.host);
        CHECK(rfc::mx_pattern_matches(row.pattern, row.host) == row.matches);
    }
}
