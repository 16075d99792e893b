#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/rfc/sts_record.hpp"

using mtasts::model::Severity;
using mtasts::rfc::evaluate_sts_rrset;
using mtasts::rfc::StsRecordEvaluation;

namespace {

constexpr const char* k_name = "_mta-sts.example.com";

struct Row {
    const char* rule;                // rule id of docs/rfc-rules.md
    std::vector<std::string> rrset;  // TXT records, each already joined from its strings
    std::vector<std::string> ids;    // expected finding ids, in any order
    std::optional<std::string> id;   // the id senders would use; nullopt = no usable record
    std::string says = {};           // a phrase some finding's message must contain
};

std::vector<std::string> sorted_ids(const StsRecordEvaluation& result) {
    std::vector<std::string> ids;
    for (const auto& finding : result.findings) ids.push_back(finding.id);
    std::ranges::sort(ids);
    return ids;
}

bool some_message_contains(const StsRecordEvaluation& result, const std::string& phrase) {
    return std::ranges::any_of(result.findings,
                               [&](const auto& f) { return f.message.find(phrase) != std::string::npos; });
}

void check_rows(const std::vector<Row>& rows) {
    for (const auto& row : rows) {
        INFO(row.rule);
        for (const auto& record : row.rrset) INFO("record: " << record);
        const auto result = evaluate_sts_rrset(row.rrset, k_name);
        auto expected = row.ids;
        std::ranges::sort(expected);
        CHECK(sorted_ids(result) == expected);
        if (row.id) {
            REQUIRE(result.record.has_value());
            CHECK(result.record->id == *row.id);
        } else {
            CHECK_FALSE(result.record.has_value());
        }
        if (!row.says.empty()) {
            INFO("phrase: " << row.says);
            for (const auto& f : result.findings) INFO("message: " << f.message);
            CHECK(some_message_contains(result, row.says));
        }
    }
}

}  // namespace

TEST_CASE("A3/A4/A8: a well-formed record is used as is") {
    check_rows({
        {"minimal", {"v=STSv1; id=abc"}, {}, "abc"},
        {"A8 no spaces, trailing ';'", {"v=STSv1;id=abc;"}, {}, "abc"},
        {"A8 trailing '; '", {"v=STSv1; id=abc; "}, {}, "abc"},
        {"A8 tabs around ';'", {"v=STSv1;\tid=abc\t;\tfoo=bar"}, {"sts.record.unknown-field"}, "abc"},
        {"A6 timestamp id", {"v=STSv1; id=20240501T000000Z"}, {}, "20240501T000000Z"},
        {"A6 32 characters", {"v=STSv1; id=" + std::string(32, 'a')}, {}, std::string(32, 'a')},
        {"A6 single character", {"v=STSv1; id=Z"}, {}, "Z"},
        {"A11 strings joined without spaces", {std::string("v=STSv1; id=2024") + "0501"}, {}, "20240501"},
        {"A4 SPF beside the record", {"v=spf1 -all", "v=STSv1; id=a"}, {}, "a"},
        {"A4 other TXT records in any order",
         {"google-site-verification=xyz", "v=STSv1; id=a", "v=spf1 mx -all"},
         {},
         "a"},
    });
}

TEST_CASE("A4: record selection") {
    check_rows({
        {"empty RRset", {}, {"sts.record.missing"}, std::nullopt, "no TXT record at _mta-sts.example.com"},
        {"A4 a wildcard SPF answers",
         {"v=spf1 include:_spf.example.net -all"},
         {"sts.record.missing"},
         std::nullopt,
         "v=spf1"},
        {"A4 old and new record during an id change",
         {"v=STSv1; id=a", "v=STSv1; id=b"},
         {"sts.record.multiple"},
         std::nullopt,
         "'a', 'b'"},
        {"three records",
         {"v=STSv1; id=a", "v=STSv1; id=b", "v=STSv1;"},
         {"sts.record.multiple"},
         std::nullopt,
         "3 TXT records"},
    });
}

TEST_CASE("A3/A4: near misses are reported, never silent") {
    check_rows({
        {"A3 lower-case version", {"v=stsv1; id=1"}, {"sts.record.invalid"}, std::nullopt, "case-sensitive"},
        {"A3 leading space", {" v=STSv1; id=1"}, {"sts.record.invalid"}, std::nullopt, "whitespace at column 1"},
        {"A3 spaces around '='", {"v = STSv1; id=1"}, {"sts.record.invalid"}, std::nullopt, "whitespace around '='"},
        {"A3 other version", {"v=STSv2; id=1"}, {"sts.record.invalid"}, std::nullopt, "only version"},
        {"A4 no ';' after the version",
         {"v=STSv1 id=abc"},
         {"sts.record.invalid"},
         std::nullopt,
         "a space at column 8"},
        {"A4 ',' instead of ';'", {"v=STSv1,id=abc"}, {"sts.record.invalid"}, std::nullopt, "',' at column 8"},
        {"version not first", {"id=abc; v=STSv1"}, {"sts.record.invalid"}, std::nullopt, "first field"},
        {"A4 literal quotes in the data",
         {"\"v=STSv1; id=1\""},
         {"sts.record.invalid"},
         std::nullopt,
         "quote character"},
        {"near miss beside a valid record is only info",
         {"v=STSv1; id=a", "v=stsv1; id=b"},
         {"sts.record.invalid"},
         "a",
         "case-sensitive"},
        {"near miss beside SPF",
         {"v=spf1 -all", "v=STSv1 id=abc"},
         {"sts.record.invalid"},
         std::nullopt,
         "no record at _mta-sts.example.com"},
    });
    const std::vector<std::string> beside = {"v=STSv1; id=a", "v=stsv1; id=b"};
    CHECK(evaluate_sts_rrset(beside, k_name).findings.at(0).severity == Severity::info);
    const std::vector<std::string> alone = {"v=stsv1; id=b"};
    const auto result = evaluate_sts_rrset(alone, k_name);
    CHECK(result.findings.at(0).severity == Severity::error);
    CHECK(result.diagnostic_id == "b");
    const std::vector<std::string> quoted = {"\"v=STSv1; id=1\""};
    CHECK(evaluate_sts_rrset(quoted, k_name).diagnostic_id == "1");
    const std::vector<std::string> spaced = {"v=STSv1 id=abc"};
    CHECK(evaluate_sts_rrset(spaced, k_name).diagnostic_id == "abc");
    const std::vector<std::string> two = {"v=stsv1; id=b", "v=STSv2; id=c"};
    CHECK_FALSE(evaluate_sts_rrset(two, k_name).diagnostic_id.has_value());
}

TEST_CASE("A5/A8: a broken single record is not used, but its id is kept for diagnosis") {
    check_rows({
        {"A5 no id", {"v=STSv1;"}, {"sts.record.invalid"}, std::nullopt, "no id field"},
        {"A5 version alone", {"v=STSv1"}, {"sts.record.invalid"}, std::nullopt, "no id field"},
        {"A8 spaces around '='", {"v=STSv1; id = abc"}, {"sts.record.invalid"}, std::nullopt, "write 'id=abc'"},
        {"A8 space after '='", {"v=STSv1; id= abc"}, {"sts.record.invalid"}, std::nullopt, "column 10"},
        {"A8 empty field", {"v=STSv1; id=abc;;"}, {"sts.record.invalid"}, std::nullopt, "empty field at column 17"},
        {"A8 empty field in the middle",
         {"v=STSv1; ; id=abc"},
         {"sts.record.invalid"},
         std::nullopt,
         "empty field at column 10"},
        {"A8 trailing space", {"v=STSv1; id=abc "}, {"sts.record.invalid"}, std::nullopt, "lenient senders"},
        {"A8 trailing tab",
         {"v=STSv1; id=abc\t"},
         {"sts.record.invalid"},
         std::nullopt,
         "trailing whitespace at column 16"},
        {"field without '='",
         {"v=STSv1; id=abc; foo"},
         {"sts.record.invalid"},
         std::nullopt,
         "'foo' at column 18 has no '='"},
    });
    for (const char* record : {"v=STSv1; id = abc", "v=STSv1; id=abc ", "v=STSv1; id=abc;;"}) {
        INFO(record);
        const std::vector<std::string> rrset = {record};
        CHECK(evaluate_sts_rrset(rrset, k_name).diagnostic_id == "abc");
    }
    const std::vector<std::string> no_id = {"v=STSv1;"};
    CHECK_FALSE(evaluate_sts_rrset(no_id, k_name).diagnostic_id.has_value());
    const std::vector<std::string> good = {"v=STSv1; id=abc"};
    CHECK_FALSE(evaluate_sts_rrset(good, k_name).diagnostic_id.has_value());
}

TEST_CASE("A6: id syntax") {
    check_rows({
        {"A6 hyphens", {"v=STSv1; id=2024-05-01"}, {"sts.record.id-invalid"}, std::nullopt, "'-' at column 17"},
        {"A6 dot", {"v=STSv1; id=v1.2"}, {"sts.record.id-invalid"}, std::nullopt, "'.' at column 15"},
        {"A6 underscore", {"v=STSv1; id=abc_def"}, {"sts.record.id-invalid"}, std::nullopt, "'_'"},
        {"A6 SHA-1 hex (40)",
         {"v=STSv1; id=" + std::string(40, 'f')},
         {"sts.record.id-invalid"},
         std::nullopt,
         "40 characters"},
        {"A6 SHA-256 hex (64)",
         {"v=STSv1; id=" + std::string(64, '0')},
         {"sts.record.id-invalid"},
         std::nullopt,
         "64 characters"},
        {"33 characters",
         {"v=STSv1; id=" + std::string(33, 'a')},
         {"sts.record.id-invalid"},
         std::nullopt,
         "at most 32"},
        {"empty id", {"v=STSv1; id="}, {"sts.record.id-invalid"}, std::nullopt, "empty"},
        {"id with a space", {"v=STSv1; id=abc def"}, {"sts.record.id-invalid"}, std::nullopt, "a space at column 16"},
        {"A6 ID=",
         {"v=STSv1; ID=abc"},
         {"sts.record.unknown-field", "sts.record.invalid"},
         std::nullopt,
         "case-sensitive"},
        {"A6 Id=",
         {"v=STSv1; Id=abc"},
         {"sts.record.unknown-field", "sts.record.invalid"},
         std::nullopt,
         "column 10 is not 'id'"},
    });
    const std::vector<std::string> bad = {"v=STSv1; id=2024-05-01"};
    const auto result = evaluate_sts_rrset(bad, k_name);
    CHECK(result.diagnostic_id == "2024-05-01");
    CHECK(result.findings.at(0).message.find("'2024-05-01'") != std::string::npos);
}

TEST_CASE("A4/A9/A10: extensions, duplicates, whitespace before the semicolon") {
    check_rows({
        {"A9 unknown well-formed field",
         {"v=STSv1; id=a1; foo=bar"},
         {"sts.record.unknown-field"},
         "a1",
         "'foo=bar' at column 17"},
        {"A9 extension name with _-.", {"v=STSv1; id=a1; x_1-y.z=~!"}, {"sts.record.unknown-field"}, "a1"},
        {"A9 value with a space", {"v=STSv1; id=a1; foo=bar baz"}, {"sts.record.invalid"}, std::nullopt, "a space"},
        {"A9 value with '='", {"v=STSv1; id=a1; foo=a=b"}, {"sts.record.invalid"}, std::nullopt, "'='"},
        {"A9 empty value", {"v=STSv1; id=a1; foo="}, {"sts.record.invalid"}, std::nullopt, "empty"},
        {"A9 name starting with '_'",
         {"v=STSv1; id=a1; _foo=bar"},
         {"sts.record.invalid"},
         std::nullopt,
         "starts with '_'"},
        {"A9 name with a space", {"v=STSv1; id=a1; fo o=bar"}, {"sts.record.invalid"}, std::nullopt, "a space"},
        {"A9 name of 33 characters",
         {"v=STSv1; id=a1; " + std::string(33, 'n') + "=x"},
         {"sts.record.invalid"},
         std::nullopt,
         "at most 32"},
        {"A9 name of 32 characters",
         {"v=STSv1; id=a1; " + std::string(32, 'n') + "=x"},
         {"sts.record.unknown-field"},
         "a1"},
        {"A9 empty name", {"v=STSv1; id=a1; =x"}, {"sts.record.invalid"}, std::nullopt, "empty"},
        {"A10 id twice: first wins",
         {"v=STSv1; id=a; id=b"},
         {"sts.record.duplicate-field"},
         "a",
         "senders use the first, 'a'"},
        {"A10 invalid second id is ignored", {"v=STSv1; id=a; id=b-c"}, {"sts.record.duplicate-field"}, "a"},
        {"A10 version twice", {"v=STSv1; v=STSv1; id=a"}, {"sts.record.duplicate-field"}, "a"},
        {"A10 extension twice",
         {"v=STSv1; id=a; x=1; x=2"},
         {"sts.record.unknown-field", "sts.record.duplicate-field"},
         "a"},
        {"A4 space before ';'", {"v=STSv1 ; id=x"}, {"sts.record.space-before-semicolon"}, "x", "erratum"},
        {"space before a later ';' is grammatical", {"v=STSv1; id=x ; foo=1"}, {"sts.record.unknown-field"}, "x"},
    });
    const std::vector<std::string> rrset = {"v=STSv1; id=a1; foo=bar; baz=1"};
    const auto result = evaluate_sts_rrset(rrset, k_name);
    REQUIRE(result.record.has_value());
    REQUIRE(result.record->extensions.size() == 2);
    CHECK(result.record->extensions[0] == std::pair<std::string, std::string>{"foo", "bar"});
    CHECK(result.record->extensions[1] == std::pair<std::string, std::string>{"baz", "1"});
}

TEST_CASE("A2: US-ASCII only, no control characters") {
    check_rows({
        {"A2 UTF-8 in an extension",
         {"v=STSv1; id=abc1; note=caf\xc3\xa9"},
         {"sts.record.invalid"},
         std::nullopt,
         "byte 0xc3) at column 27"},
        {"A2 invalid UTF-8",
         {"v=STSv1; id=abc1; x=\xff\xfe"},
         {"sts.record.invalid"},
         std::nullopt,
         "2 non-ASCII byte(s)"},
        {"NUL byte",
         {std::string("v=STSv1; id=abc\0", 16)},
         {"sts.record.invalid", "sts.record.id-invalid"},
         std::nullopt,
         "byte 0x00"},
        {"escape character", {"v=STSv1; id=a; x=\x1b[31m"}, {"sts.record.invalid"}, std::nullopt, "byte 0x1b"},
    });
    // Subjects and messages never carry raw control bytes to a terminal.
    const std::vector<std::string> rrset = {"v=STSv1; id=a; x=\x1b[31m"};
    for (const auto& f : evaluate_sts_rrset(rrset, k_name).findings) {
        CHECK(f.subject.find('\x1b') == std::string::npos);
        CHECK(f.message.find('\x1b') == std::string::npos);
    }
}

TEST_CASE("hostile input is bounded: big records and many fields") {
    SECTION("10,000 unknown fields: at most 20 listed plus one summary") {
        std::string record = "v=STSv1; id=abc";
        for (int i = 0; i < 10000; ++i) record += "; f" + std::to_string(i) + "=v";
        const std::vector<std::string> rrset = {record};
        const auto result = evaluate_sts_rrset(rrset, k_name);
        REQUIRE(result.record.has_value());
        CHECK(result.record->id == "abc");
        CHECK(result.findings.size() == 21);
        CHECK(result.findings.back().message.find("9980 more") != std::string::npos);
        CHECK(result.findings.back().severity == Severity::info);
        CHECK(result.findings.front().subject.size() < 120);
    }
    SECTION("an error beyond the cap still makes the record unusable") {
        std::string record = "v=STSv1; id=abc";
        for (int i = 0; i < 50; ++i) record += "; f" + std::to_string(i) + "=v";
        record += "; bad name=1";
        const std::vector<std::string> rrset = {record};
        const auto result = evaluate_sts_rrset(rrset, k_name);
        CHECK_FALSE(result.record.has_value());
        CHECK(result.findings.back().severity == Severity::error);
    }
    SECTION("100 KB of ';' and of NUL bytes") {
        const std::vector<std::string> rrset = {"v=STSv1; id=a" + std::string(100000, ';'),
                                                "v=STSv1;" + std::string(100000, '\0')};
        const auto result = evaluate_sts_rrset(rrset, k_name);
        CHECK(sorted_ids(result) == std::vector<std::string>{"sts.record.multiple"});
        const std::vector<std::string> one = {"v=STSv1; id=a" + std::string(100000, ';')};
        const auto single = evaluate_sts_rrset(one, k_name);
        CHECK(single.findings.size() == 21);
        CHECK_FALSE(single.record.has_value());
    }
    SECTION("many near misses are listed up to 10") {
        std::vector<std::string> rrset(500, "v=stsv1; id=x");
        const auto result = evaluate_sts_rrset(rrset, k_name);
        CHECK(result.findings.size() == 11);
        CHECK(result.findings.back().message.find("490 more") != std::string::npos);
    }
}
