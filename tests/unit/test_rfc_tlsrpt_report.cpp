// RFC 8460 §4 report parser: one case per rule of docs/rfc-rules.md, group H.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "mtasts/rfc/tlsrpt_report.hpp"

using mtasts::rfc::parse_tlsrpt_report;
using mtasts::rfc::ProblemLevel;
using mtasts::rfc::ReportParse;

namespace {

// A complete, valid report whose one failure detail is `detail` and whose policy is `policy`.
std::string report_with(
    const std::string& policy =
        R"("policy-type":"sts","policy-domain":"example.com","policy-string":["version: STSv1"],"mx-host":["mx.example.com"])",
    const std::string& summary = R"("total-successful-session-count":10,"total-failure-session-count":1)",
    const std::string& detail =
        R"({"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"mx.example.com","receiving-ip":"198.51.100.1","failed-session-count":1})",
    const std::string& top =
        R"("organization-name":"Org","contact-info":"a@org.example","report-id":"r1","date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"})") {
    return "{" + top + R"(,"policies":[{"policy":{)" + policy + R"(},"summary":{)" + summary +
           R"(},"failure-details":[)" + detail + "]}]}";
}

bool has(const ReportParse& parse, ProblemLevel level, const std::string& fragment) {
    return std::any_of(parse.problems.begin(), parse.problems.end(), [&](const auto& p) {
        return p.level == level && p.message.find(fragment) != std::string::npos;
    });
}

}  // namespace

TEST_CASE("a complete report parses without problems", "[tlsrpt_report]") {
    const auto parse = parse_tlsrpt_report(report_with());
    REQUIRE(parse.report);
    CHECK(parse.problems.empty());
    const auto& r = *parse.report;
    CHECK(r.organization_name == "Org");
    CHECK(r.report_id == "r1");
    REQUIRE(r.start);
    CHECK(*r.start == 1714521600);  // 2024-05-01T00:00:00Z
    REQUIRE(r.policies.size() == 1);
    CHECK(r.policies[0].policy_type == "sts");
    CHECK(r.policies[0].policy_domain == "example.com");
    CHECK(r.policies[0].successful == 10);
    CHECK(r.policies[0].failed == 1);
    REQUIRE(r.policies[0].failure_details.size() == 1);
    CHECK(r.policies[0].failure_details[0].result_type == "certificate-expired");
    CHECK(r.policies[0].failure_details[0].receiving_ip == "198.51.100.1");
}

TEST_CASE("H1: invalid JSON and duplicate member names reject the report", "[tlsrpt_report]") {
    CHECK_FALSE(parse_tlsrpt_report("{\"policies\": [").report);
    const auto dup = parse_tlsrpt_report(R"({"report-id":"a","report-id":"b","policies":[]})");
    CHECK_FALSE(dup.report);
    CHECK(has(dup, ProblemLevel::error, "report-id"));
    // The same name in two different objects is fine.
    CHECK(parse_tlsrpt_report(report_with()).report);
    // Invalid UTF-8 is not I-JSON.
    CHECK_FALSE(parse_tlsrpt_report("{\"organization-name\":\"\xff\",\"policies\":[]}").report);
}

TEST_CASE("H2: a missing organization-name warns, the rest is parsed", "[tlsrpt_report]") {
    const auto parse = parse_tlsrpt_report(report_with(
        R"("policy-type":"sts","policy-domain":"example.com")",
        R"("total-successful-session-count":3,"total-failure-session-count":0)", "",
        R"("contact-info":"a@b.example","report-id":"x","date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-02T00:00:00Z"})"));
    REQUIRE(parse.report);
    CHECK(has(parse, ProblemLevel::warning, "organization-name"));
    CHECK(parse.report->policies.at(0).successful == 3);
}

TEST_CASE("H2/H3: policies missing or not an array rejects the report", "[tlsrpt_report]") {
    CHECK_FALSE(parse_tlsrpt_report(R"({"organization-name":"x","report-id":"y"})").report);
    const auto object = parse_tlsrpt_report(R"({"organization-name":"x","report-id":"y","policies":{"policy":{}}})");
    CHECK_FALSE(object.report);
    CHECK(has(object, ProblemLevel::error, "not an array"));
    CHECK_FALSE(parse_tlsrpt_report("[1,2]").report);
}

TEST_CASE("H4: policy types and mx-host forms", "[tlsrpt_report]") {
    SECTION("an unknown policy-type drops that entry only") {
        const auto parse = parse_tlsrpt_report(report_with(R"("policy-type":"dane","policy-domain":"example.com")"));
        REQUIRE(parse.report);
        CHECK(parse.report->policies.empty());
        CHECK(has(parse, ProblemLevel::error, "dane"));
    }
    SECTION("each of the three types is accepted") {
        for (const std::string type : {"sts", "tlsa", "no-policy-found"}) {
            const auto parse =
                parse_tlsrpt_report(report_with(R"("policy-type":")" + type + R"(","policy-domain":"example.com")"));
            REQUIRE(parse.report);
            REQUIRE(parse.report->policies.size() == 1);
            CHECK(parse.report->policies[0].policy_type == type);
        }
    }
    SECTION("mx-host as a string is accepted with an info (erratum 6241)") {
        const auto parse = parse_tlsrpt_report(
            report_with(R"("policy-type":"sts","policy-domain":"example.com","mx-host":"*.mail.example")"));
        REQUIRE(parse.report);
        CHECK(parse.report->policies.at(0).mx_hosts == std::vector<std::string>{"*.mail.example"});
        CHECK(has(parse, ProblemLevel::info, "erratum 6241"));
    }
    SECTION("a U-label policy-domain warns") {
        const auto parse = parse_tlsrpt_report(report_with(R"("policy-type":"sts","policy-domain":"bücher.example")"));
        REQUIRE(parse.report);
        CHECK(has(parse, ProblemLevel::warning, "A-label"));
    }
    SECTION("policy-domain is lower-cased and loses a trailing dot") {
        const auto parse = parse_tlsrpt_report(report_with(R"("policy-type":"sts","policy-domain":"Example.COM.")"));
        REQUIRE(parse.report);
        CHECK(parse.report->policies.at(0).policy_domain == "example.com");
    }
}

TEST_CASE("H5: session counts must be non-negative integer numbers", "[tlsrpt_report]") {
    const std::string policy = R"("policy-type":"sts","policy-domain":"example.com")";
    for (const std::string bad : {R"("3")", "-1", "2.5", "9007199254740993"}) {
        const auto parse = parse_tlsrpt_report(
            report_with(policy, R"("total-successful-session-count":1,"total-failure-session-count":)" + bad));
        INFO(bad);
        REQUIRE(parse.report);
        CHECK(parse.report->policies.empty());
        CHECK(has(parse, ProblemLevel::error, "total-failure-session-count"));
    }
    const auto missing = parse_tlsrpt_report(report_with(policy, R"("total-successful-session-count":4)", ""));
    REQUIRE(missing.report);
    CHECK(missing.report->policies.at(0).failed == 0);
    CHECK(has(missing, ProblemLevel::warning, "total-failure-session-count"));
}

TEST_CASE("H6: failure-details members", "[tlsrpt_report]") {
    const std::string policy = R"("policy-type":"sts","policy-domain":"example.com")";
    const std::string summary = R"("total-successful-session-count":0,"total-failure-session-count":2)";
    SECTION("an entry without receiving-ip is accepted with a warning") {
        const auto parse = parse_tlsrpt_report(report_with(
            policy, summary,
            R"({"result-type":"starttls-not-supported","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"mx.example.com","failed-session-count":2})"));
        REQUIRE(parse.report);
        CHECK(parse.report->policies.at(0).failure_details.size() == 1);
        CHECK(has(parse, ProblemLevel::warning, "receiving-ip"));
    }
    SECTION("no result-type or no count drops the detail") {
        const auto parse = parse_tlsrpt_report(
            report_with(policy, summary, R"({"failed-session-count":2},{"result-type":"certificate-expired"})"));
        REQUIRE(parse.report);
        CHECK(parse.report->policies.at(0).failure_details.empty());
        CHECK(has(parse, ProblemLevel::error, "result-type"));
        CHECK(has(parse, ProblemLevel::error, "failed-session-count"));
    }
    SECTION("unknown members are noted") {
        const auto parse = parse_tlsrpt_report(report_with(
            policy, summary,
            R"({"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"m","receiving-ip":"192.0.2.2","failed-session-count":2,"colour":"red"})"));
        CHECK(has(parse, ProblemLevel::info, "colour"));
    }
    SECTION("a missing failure-details array is empty, noted when failures were counted") {
        const auto parse = parse_tlsrpt_report(
            R"({"organization-name":"o","contact-info":"a@o","report-id":"i","date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"},"policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},"summary":{"total-successful-session-count":0,"total-failure-session-count":3}}]})");
        REQUIRE(parse.report);
        CHECK(parse.report->policies.at(0).failed == 3);
        CHECK(has(parse, ProblemLevel::info, "failure-details"));
    }
}

TEST_CASE("H7: an unknown result type warns and is still counted", "[tlsrpt_report]") {
    const auto parse = parse_tlsrpt_report(report_with(
        R"("policy-type":"sts","policy-domain":"example.com")",
        R"("total-successful-session-count":0,"total-failure-session-count":4)",
        R"({"result-type":"tls-version-too-old","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"m","receiving-ip":"192.0.2.2","failed-session-count":4})"));
    REQUIRE(parse.report);
    REQUIRE(parse.report->policies.at(0).failure_details.size() == 1);
    CHECK(parse.report->policies.at(0).failure_details[0].failed_session_count == 4);
    CHECK(has(parse, ProblemLevel::warning, "tls-version-too-old"));
}

TEST_CASE("H7: every result type of RFC 8460 §4.3 is registered", "[tlsrpt_report]") {
    // Typed from RFC 8460 §4.3.1 to §4.3.3, not from the table under test.
    for (const char* name : {"starttls-not-supported", "certificate-host-mismatch", "certificate-expired",
                             "certificate-not-trusted", "validation-failure", "tlsa-invalid", "dnssec-invalid",
                             "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"}) {
        INFO(name);
        const auto* info = mtasts::rfc::find_result_type(name);
        REQUIRE(info != nullptr);
        CHECK_FALSE(info->meaning.empty());
    }
    CHECK(mtasts::rfc::result_types().size() == 11);
    CHECK(mtasts::rfc::find_result_type("tls-version-too-old") == nullptr);
}

TEST_CASE("H8: failure-reason-code expected for two types", "[tlsrpt_report]") {
    const auto parse = parse_tlsrpt_report(report_with(
        R"("policy-type":"sts","policy-domain":"example.com")",
        R"("total-successful-session-count":0,"total-failure-session-count":1)",
        R"({"result-type":"certificate-not-trusted","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"m","receiving-ip":"192.0.2.2","failed-session-count":1})"));
    CHECK(has(parse, ProblemLevel::info, "failure-reason-code"));
}

TEST_CASE("H9: detail counts above the summary total are accepted with an info", "[tlsrpt_report]") {
    const std::string d =
        R"({"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"m","receiving-ip":"192.0.2.2","failed-session-count":)";
    const auto parse = parse_tlsrpt_report(
        report_with(R"("policy-type":"sts","policy-domain":"example.com")",
                    R"("total-successful-session-count":0,"total-failure-session-count":3)", d + "2}," + d + "3}"));
    REQUIRE(parse.report);
    CHECK(parse.report->policies.at(0).failed == 3);
    CHECK(parse.report->policies.at(0).failure_details.size() == 2);
    CHECK(has(parse, ProblemLevel::info, "sum to 5"));
    CHECK_FALSE(has(parse, ProblemLevel::error, "sum"));
}

TEST_CASE("H10: dates without a zone are read as UTC with a warning", "[tlsrpt_report]") {
    const std::string policy = R"("policy-type":"sts","policy-domain":"example.com")";
    const std::string summary = R"("total-successful-session-count":1,"total-failure-session-count":0)";
    const auto parse = parse_tlsrpt_report(report_with(
        policy, summary, "",
        R"("organization-name":"o","contact-info":"a@o","report-id":"i","date-range":{"start-datetime":"2024-05-01T00:00:00","end-datetime":"2024-05-02T00:00:00Z"})"));
    REQUIRE(parse.report);
    CHECK(*parse.report->start == 1714521600);
    CHECK(has(parse, ProblemLevel::warning, "no time zone"));
    // Next-day 00:00:00Z end is one day, not a deviation.
    CHECK_FALSE(has(parse, ProblemLevel::info, "hours"));
    const auto week = parse_tlsrpt_report(report_with(
        policy, summary, "",
        R"("organization-name":"o","contact-info":"a@o","report-id":"i","date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-07T23:59:59Z"})"));
    CHECK(has(week, ProblemLevel::info, "hours"));
}

TEST_CASE("H11: IP addresses", "[tlsrpt_report]") {
    const std::string policy = R"("policy-type":"sts","policy-domain":"example.com")";
    const std::string summary = R"("total-successful-session-count":0,"total-failure-session-count":1)";
    const auto with_ip = [&](const std::string& ip) {
        return parse_tlsrpt_report(
            report_with(policy, summary,
                        R"({"result-type":"certificate-expired","sending-mta-ip":")" + ip +
                            R"(","receiving-mx-hostname":"m","receiving-ip":"192.0.2.2","failed-session-count":1})"));
    };
    CHECK(has(with_ip("2001:db8:abcd:0012::1"), ProblemLevel::info, "canonical"));
    CHECK(has(with_ip("300.1.1.1"), ProblemLevel::warning, "not an IP"));
    const auto good = with_ip("2001:db8::1");
    CHECK(good.problems.empty());
}

TEST_CASE("H20: size and depth caps", "[tlsrpt_report]") {
    const std::string deep = std::string(1000, '[') + std::string(1000, ']');
    const auto parse = parse_tlsrpt_report(deep);
    CHECK_FALSE(parse.report);
    CHECK(has(parse, ProblemLevel::error, "nested"));
    const std::string huge(mtasts::rfc::k_max_report_bytes + 1, ' ');
    CHECK_FALSE(parse_tlsrpt_report(huge).report);
}

TEST_CASE("H5: a count beyond 64 bits drops only its entry", "[tlsrpt_report]") {
    const std::string policy = R"("policy-type":"sts","policy-domain":"example.com")";
    const std::vector<std::string> bigs{"18446744073709551616", "1" + std::string(400, '0'), "1e400", "-1e400"};
    for (const std::string& big : bigs) {
        const auto parse = parse_tlsrpt_report(
            report_with(policy, R"("total-successful-session-count":1,"total-failure-session-count":)" + big));
        INFO(big.substr(0, 24));
        REQUIRE(parse.report);
        CHECK(parse.report->policies.empty());
        CHECK(parse.report->dropped_policies == 1);
        CHECK(has(parse, ProblemLevel::error, "64-bit"));
    }
}

TEST_CASE("unknown members are skipped, not kept, wherever they are", "[tlsrpt_report]") {
    std::string junk = "[";
    for (int i = 0; i < 100000; ++i) junk += "{\"a\":{\"a\":1},\"a\":2},";
    junk += "{}]";
    const std::string top = R"("organization-name":"Org","report-id":"r1","x-junk":)" + junk;
    const auto parse = parse_tlsrpt_report(report_with(
        R"("policy-type":"sts","policy-domain":"example.com")", R"("total-successful-session-count":10,"total-failure-session-count":1)",
        R"({"result-type":"certificate-expired","failed-session-count":1,"x-more":)" + junk + "}", top));
    REQUIRE(parse.report);
    CHECK(parse.report->policies.at(0).successful == 10);
    CHECK(has(parse, ProblemLevel::info, "unknown member \"x-more\" ignored"));
    // The nesting cap still counts inside a skipped member.
    CHECK(has(parse_tlsrpt_report(R"({"policies":[],"x":)" + std::string(40, '[') + std::string(40, ']') + "}"),
              ProblemLevel::error, "nested"));
}

TEST_CASE("problems listed per report are capped", "[tlsrpt_report]") {
    std::string policies = "[";
    for (int i = 0; i < 5000; ++i) policies += "{},";
    policies += "{}]";
    const auto parse = parse_tlsrpt_report(R"({"organization-name":"Org","report-id":"r","policies":)" + policies + "}");
    REQUIRE(parse.report);
    CHECK(parse.report->dropped_policies == 5001);
    CHECK(parse.problems.size() <= 101);
    CHECK(has(parse, ProblemLevel::info, "not listed"));
}
