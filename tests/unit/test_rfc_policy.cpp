// The sample policy files of tests/data/policies (shared with the CLI tests), each judged as a
// sender would: the finding ids, where they point, and the values a sender would use.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/rfc/policy.hpp"

using namespace mtasts;
using rfc::PolicyMode;

namespace {

std::string read_sample(const std::string& name) {
    std::ifstream in(std::string(MTASTS_DATA_DIR) + "/policies/" + name, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const model::Finding* find(const model::Findings& findings, std::string_view id) {
    auto it = std::ranges::find(findings, id, &model::Finding::id);
    return it == findings.end() ? nullptr : &*it;
}

struct Sample {
    const char* file;
    bool usable;
    std::vector<std::string> must_have;     // ids that must be present
    std::vector<std::string> must_not_have; // ids that must be absent
    const char* subject;                    // subject of the first must_have finding, or nullptr
    std::optional<PolicyMode> mode;
    std::optional<std::int64_t> max_age;
    std::vector<std::string> mx;
};

}  // namespace

TEST_CASE("sample policy files: ids, subjects and parsed values") {
    const std::vector<std::string> two_mx = {"mx1.example.com", "mx2.example.com"};
    const std::vector<std::string> one_mx = {"mx1.example.com"};
    const Sample samples[] = {
        {"good-enforce.txt", true, {"policy.line-endings"}, {"policy.invalid", "policy.mx-invalid"}, nullptr,
         PolicyMode::enforce, 604800, two_mx},
        {"good-testing-lf.txt", true, {"policy.line-endings", "policy.mode-testing"}, {"policy.max-age-short", "policy.invalid"}, nullptr,
         PolicyMode::testing, 86400, {"mail.example.com"}},
        {"good-crlf.txt", true, {}, {"policy.line-endings", "policy.invalid", "policy.mx-invalid"}, nullptr,
         PolicyMode::enforce, 1209600, {"*.mail.example.com"}},
        {"bom.txt", false, {"policy.invalid"}, {}, "line 1", std::nullopt, std::nullopt, {}},
        {"blank-line.txt", false, {"policy.invalid"}, {}, "line 3", std::nullopt, std::nullopt, {}},
        {"cr-only.txt", false, {"policy.invalid"}, {}, nullptr, std::nullopt, std::nullopt, {}},
        {"indented.txt", false, {"policy.invalid"}, {}, "line 3", std::nullopt, std::nullopt, {}},
        {"mode-uppercase.txt", false, {"policy.mode-invalid", "policy.unknown-key"}, {}, nullptr,
         std::nullopt, 604800, one_mx},
        {"max-age-plus.txt", false, {"policy.max-age-invalid"}, {"policy.max-age-short"}, "line 4",
         PolicyMode::enforce, std::nullopt, one_mx},
        {"mx-trailing-dot.txt", false, {"policy.mx-invalid"}, {}, "line 3", PolicyMode::enforce, 604800, {}},
        {"mx-comma-list.txt", false, {"policy.mx-invalid"}, {}, "line 3", PolicyMode::enforce, 604800, {}},
        {"mx-ulabel.txt", false, {"policy.mx-invalid"}, {}, "line 3", PolicyMode::enforce, 604800, {}},
        {"nul-byte.bin", false, {"policy.invalid"}, {}, "line 2", std::nullopt, std::nullopt, {}},
        {"not-utf8.txt", false, {"policy.invalid"}, {}, "line 5", std::nullopt, std::nullopt, {}},
    };
    for (const auto& sample : samples) {
        INFO(sample.file);
        const auto result = rfc::evaluate_policy_body(read_sample(sample.file));
        CHECK(result.usable == sample.usable);
        for (const auto& id : sample.must_have) CHECK(find(result.findings, id) != nullptr);
        for (const auto& id : sample.must_not_have) CHECK(find(result.findings, id) == nullptr);
        if (sample.subject != nullptr) {
            const auto* first = find(result.findings, sample.must_have.front());
            REQUIRE(first != nullptr);
            CHECK(first->subject == sample.subject);
        }
        // Values are checked where the broken line leaves the others readable.
        if (sample.usable || sample.mode) CHECK(result.policy.mode == sample.mode);
        if (sample.usable || sample.max_age) CHECK(result.policy.max_age == sample.max_age);
        if (sample.usable || !sample.mx.empty() || sample.must_have.front() == "policy.mx-invalid")
            CHECK(result.policy.mx == sample.mx);
    }
}

TEST_CASE("the U-label sample is told its A-label") {
    const auto result = rfc::evaluate_policy_body(read_sample("mx-ulabel.txt"));
    const auto* finding = find(result.findings, "policy.mx-invalid");
    REQUIRE(finding != nullptr);
    CHECK((finding->message + finding->hint).find("xn--bcher-kva") != std::string::npos);
}

TEST_CASE("the NUL byte is quoted visibly, never raw") {
    const auto result = rfc::evaluate_policy_body(read_sample("nul-byte.bin"));
    const auto* finding = find(result.findings, "policy.invalid");
    REQUIRE(finding != nullptr);
    CHECK(finding->message.find('\0') == std::string::npos);
    CHECK(finding->message.find("\\x00") != std::string::npos);
}

TEST_CASE("the too-large sample parses but fails the size judgement (B12)") {
    const std::string body = read_sample("too-large.txt");
    REQUIRE(body.size() > 65536);
    const auto result = rfc::evaluate_policy_body(body);
    CHECK(result.usable);
    CHECK(result.policy.mode == PolicyMode::enforce);
    CHECK(result.policy.mx.size() > 2000);
    const auto size_findings = rfc::evaluate_body_size(body.size(), "https://mta-sts.example.com/.well-known/mta-sts.txt");
    REQUIRE(size_findings.size() == 1);
    CHECK(size_findings.front().id == "policy.too-large");
}

TEST_CASE("max_age: under a day is a warning, under a week in enforce is advice, mode none wants it short (C7, F7, RFC 8461 §3.2, §8.3)") {
    struct Row {
        const char* mode;
        const char* max_age;
        bool short_warning;
        bool below_week_info;
        bool none_long_info = false;
    };
    const Row rows[] = {
        {"enforce", "0", true, false},       {"enforce", "3600", true, false},    {"testing", "86399", true, false},
        {"enforce", "86400", false, true},   {"enforce", "604799", false, true},  {"enforce", "604800", false, false},
        {"enforce", "0604800", false, false}, {"testing", "86400", false, false}, {"none", "0", false, false},
        {"none", "3600", false, false},      {"none", "86400", false, false},   {"none", "604800", false, false},
        {"none", "604801", false, false, true}, {"none", "31557600", false, false, true}, {"testing", "31557600", false, false},
    };
    for (const auto& row : rows) {
        INFO(row.mode << " " << row.max_age);
        const auto result = rfc::evaluate_policy_body(std::string("version: STSv1\nmode: ") + row.mode +
                                                      "\nmx: mail.example.com\nmax_age: " + row.max_age + "\n");
        CHECK(result.usable);
        const auto* short_warning = find(result.findings, "policy.max-age-short");
        CHECK((short_warning != nullptr) == row.short_warning);
        if (short_warning) CHECK(short_warning->subject == "line 4");
        const auto* below_week = find(result.findings, "policy.max-age-below-week");
        CHECK((below_week != nullptr) == row.below_week_info);
        if (below_week) CHECK(below_week->severity == model::Severity::info);
        CHECK((find(result.findings, "policy.mode-none-max-age-long") != nullptr) == row.none_long_info);
        CHECK(result.policy.max_age == std::stoll(row.max_age));
    }
}

TEST_CASE("line findings keep their line and column for tools that point into the file") {
    const auto result = rfc::evaluate_policy_body("version: STSv1\nmode: enforced\n  mx: a.example.com\nmax_age: 86400\n");
    const model::Finding* mode = find(result.findings, "policy.mode-invalid");
    REQUIRE(mode != nullptr);
    CHECK(mode->line == 2u);
    CHECK(mode->column == 1u);
    const model::Finding* indented = find(result.findings, "policy.invalid");
    REQUIRE(indented != nullptr);
    CHECK(indented->line == 3u);
    const auto bad_byte = rfc::evaluate_policy_body("version: STSv1\nmode: en\x01force\n");
    const model::Finding* control = find(bad_byte.findings, "policy.invalid");
    REQUIRE(control != nullptr);
    CHECK(control->line == 2u);
    CHECK(control->column == 9u);
    // A finding about the whole body points at no line.
    const auto no_version = rfc::evaluate_policy_body("mode: enforce\nmx: a.example.com\nmax_age: 86400\n");
    const model::Finding* version = find(no_version.findings, "policy.version");
    REQUIRE(version != nullptr);
    CHECK_FALSE(version->line.has_value());
}
