// Reading one line of the live check's JSONL output: what summarize takes from it, what it
// tolerates (unknown keys, missing optional keys) and what makes a line invalid, with the reason.
#include <catch2/catch.hpp>
#include <string>

#include "mtasts/summarize/domain_line.hpp"

using namespace mtasts::summarize;
using mtasts::model::Verdict;

namespace {

// The smallest line summarize accepts, with `extra` members spliced in.
std::string line_with(const std::string& extra) {
    return R"({"schema_version":1,"domain":"example.com","verdict":"pass")" + (extra.empty() ? "" : "," + extra) + "}";
}

std::string error_of(const std::string& text) {
    const auto line = read_domain_line(text);
    REQUIRE_FALSE(line.has_value());
    return line.error();
}

}  // namespace

TEST_CASE("summarize: the smallest line is a domain without record, policy, findings or MX") {
    const auto line = read_domain_line(line_with(""));
    REQUIRE(line.has_value());
    CHECK(line->domain == "example.com");
    CHECK(line->verdict == Verdict::pass);
    CHECK_FALSE(line->publishes_record);
    CHECK_FALSE(line->mode);
    CHECK(line->finding_ids.empty());
    CHECK_FALSE(line->misconfigured);
    CHECK(line->mx_hosts.empty());
    CHECK_FALSE(line->mx_refused);
}

TEST_CASE("summarize: null and unknown keys are read like missing ones") {
    const auto line = read_domain_line(line_with(
        R"("findings":null,"mta_sts":{"record":null,"policy":null},"mx":null,"a_newer_key":{"x":[1,2]},"tool":7)"));
    REQUIRE(line.has_value());
    CHECK_FALSE(line->publishes_record);
}

TEST_CASE("summarize: domains are compared without case and trailing dot") {
    const auto line = read_domain_line(R"({"schema_version":1,"domain":"Example.COM.","verdict":"warn"})");
    REQUIRE(line.has_value());
    CHECK(line->domain == "example.com");
    CHECK(line->verdict == Verdict::warn);
}

TEST_CASE("summarize: a record at _mta-sts is published when its TXT list is not empty, and only then a mode counts") {
    const std::string policy = R"("policy":{"mode":"enforce"})";
    auto line = read_domain_line(line_with(R"("mta_sts":{"record":{"txt":["v=STSv1; id=1"]},)" + policy + "}"));
    REQUIRE(line.has_value());
    CHECK(line->publishes_record);
    CHECK(line->mode == "enforce");
    // A policy fetched for diagnosis only (policy.ignored): senders apply none.
    line = read_domain_line(line_with(R"("mta_sts":{"record":{"txt":[]},)" + policy + "}"));
    REQUIRE(line.has_value());
    CHECK_FALSE(line->publishes_record);
    CHECK_FALSE(line->mode);
}

TEST_CASE("summarize: findings count once per id, ignored ones not at all") {
    const auto line = read_domain_line(line_with(R"("findings":[
        {"id":"mx.cert-expired","severity":"error"},{"id":"mx.cert-expired","severity":"error"},
        {"id":"tlsrpt.record.missing","severity":"warning","ignored":true},
        {"id":"mx.tls13-missing","severity":"info","ignored":false}])"));
    REQUIRE(line.has_value());
    CHECK(line->finding_ids == std::vector<std::string>{"mx.cert-expired", "mx.tls13-missing"});
    CHECK(line->misconfigured);
}

TEST_CASE("summarize: misconfigured means an error or warning finding that is not ignored") {
    struct Row {
        const char* findings;
        bool misconfigured;
    };
    const Row rows[] = {
        {R"([{"id":"a.b","severity":"warning"}])", true},
        {R"([{"id":"a.b","severity":"error"}])", true},
        {R"([{"id":"a.b","severity":"info"},{"id":"c.d","severity":"inconclusive"}])", false},
        {R"([{"id":"a.b","severity":"error","ignored":true}])", false},
        {R"([{"id":"a.b"}])", false},
    };
    for (const Row& row : rows) {
        CAPTURE(row.findings);
        const auto line = read_domain_line(line_with(std::string(R"("findings":)") + row.findings));
        REQUIRE(line.has_value());
        CHECK(line->misconfigured == row.misconfigured);
    }
}

TEST_CASE("summarize: an MX host refused under the policy is deliverable_under_policy false, not null") {
    auto line = read_domain_line(line_with(
        R"("mx":[{"host":"MX1.Example.com.","deliverable_under_policy":true},{"host":"mx2.example.com","deliverable_under_policy":null}])"));
    REQUIRE(line.has_value());
    CHECK(line->mx_hosts == std::vector<std::string>{"mx1.example.com", "mx2.example.com"});
    CHECK_FALSE(line->mx_refused);
    line = read_domain_line(line_with(R"("mx":[{"host":"mx1.example.com","deliverable_under_policy":false}])"));
    REQUIRE(line.has_value());
    CHECK(line->mx_refused);
}

TEST_CASE("summarize: a line that is no domain report says why") {
    CHECK(error_of("not json").starts_with("not JSON"));
    CHECK(error_of("{\"schema_version\":1,").starts_with("not JSON"));
    CHECK(error_of("[1,2]").starts_with("not a JSON object"));
    CHECK(error_of("\"text\"").starts_with("not a JSON object"));
    CHECK(error_of(R"({"domain":"example.com","verdict":"pass"})").starts_with("no schema_version"));
    CHECK(
        error_of(R"({"schema_version":"1","domain":"example.com","verdict":"pass"})").starts_with("no schema_version"));
    CHECK(error_of(R"({"schema_version":2,"domain":"example.com","verdict":"pass"})") ==
          "schema_version 2 is not supported (this version reads 1)");
    CHECK(error_of(R"({"schema_version":1,"verdict":"pass"})") == "no domain");
    CHECK(error_of(R"({"schema_version":1,"domain":".","verdict":"pass"})") == "no domain");
    CHECK(error_of(R"({"schema_version":1,"domain":7,"verdict":"pass"})") == "domain is not a string");
    CHECK(error_of(R"({"schema_version":1,"domain":"example.com"})") == "no verdict");
    CHECK(error_of(R"({"schema_version":1,"domain":"example.com","verdict":"ok"})") == "unknown verdict \"ok\"");
}

TEST_CASE("summarize: a known key of the wrong type makes the line invalid, named by its path") {
    CHECK(error_of(line_with(R"("findings":{})")) == "findings is not an array");
    CHECK(error_of(line_with(R"("findings":[7])")) == "findings[0] is not an object");
    CHECK(error_of(line_with(R"("findings":[{"severity":"error"}])")) == "findings[0] has no id");
    CHECK(error_of(line_with(R"("findings":[{"id":"a.b","ignored":"yes"}])")) ==
          "findings[0].ignored is not true or false");
    CHECK(error_of(line_with(R"("mta_sts":[])")) == "mta_sts is not an object");
    CHECK(error_of(line_with(R"("mta_sts":{"record":{"txt":"v=STSv1"}})")) == "mta_sts.record.txt is not an array");
    CHECK(error_of(line_with(R"("mta_sts":{"policy":{"mode":1}})")) == "mta_sts.policy.mode is not a string");
    CHECK(error_of(line_with(R"("mx":[{"host":"a.example","deliverable_under_policy":"no"}])")) ==
          "mx[0].deliverable_under_policy is not true or false");
}

TEST_CASE("summarize: the parser's reason is cut short, since it quotes the line") {
    const std::string long_string = "\"" + std::string(100000, 'x');
    const std::string why = error_of(long_string);
    CHECK(why.starts_with("not JSON"));
    CHECK(why.size() < 400);
}
