// The three outputs of summarize: JSON keys as the man page lists them, shares with numerator and
// denominator in text, and an HTML page that is self-contained and escapes names from the scan.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "mtasts/summarize/aggregate.hpp"
#include "mtasts/summarize/render.hpp"

using namespace mtasts::summarize;
using mtasts::model::Verdict;

namespace {

// Two domains that publish a record: one passes, one with an enforce policy and a refused MX
// at a provider whose name holds markup (names come from DNS: never trusted).
Summary sample() {
    DomainLine good;
    good.domain = "good.example";
    good.publishes_record = true;
    good.mode = "testing";
    good.mx_hosts = {"mx.good.example"};
    DomainLine bad = good;
    bad.domain = "bad.example";
    bad.verdict = Verdict::fail;
    bad.mode = "enforce";
    bad.misconfigured = true;
    bad.mx_refused = true;
    bad.finding_ids = {"mx.cert-expired", "a.future-id"};
    bad.mx_hosts = {"mx.<b>evil</b>.example"};
    const DomainLine lines[] = {good, bad};
    Summary summary = aggregate(lines, {});
    summary.inputs = {{"scan.jsonl", 3, 1, std::nullopt}};
    summary.invalid_lines = 1;
    return summary;
}

}  // namespace

TEST_CASE("summarize json: every key of the man page, shares as fractions") {
    const auto json = to_json(sample());
    CHECK(json["schema_version"] == 1);
    CHECK(json["domains"] == 2);
    CHECK(json["invalid_lines"] == 1);
    CHECK(json["verdicts"] == nlohmann::json{{"pass", 1}, {"warn", 0}, {"fail", 1}, {"incomplete", 0}});
    CHECK(json["modes"] == nlohmann::json{{"enforce", 1}, {"testing", 1}, {"none", 0}, {"no_policy", 0}});
    CHECK(json["headline"]["publishing"] == 2);
    CHECK(json["headline"]["misconfigured"] == nlohmann::json{{"domains", 1}, {"of", 2}, {"share", 0.5}});
    CHECK(json["headline"]["losing_mail"]["domains"] == 1);
    CHECK(json["findings"].size() == 2);
    CHECK(json["findings"][0] == nlohmann::json{{"id", "a.future-id"}, {"domains", 1}});
    CHECK(json["providers"][0].contains("incomplete"));
    CHECK(json["inputs"][0] ==
          nlohmann::json{{"path", "scan.jsonl"}, {"lines", 3}, {"invalid", 1}, {"error", nullptr}});
    CHECK(to_json(Summary{})["headline"]["losing_mail"]["share"].is_null());
}

TEST_CASE("summarize text: headline with numerator and denominator, escaped names, no colour unless asked") {
    std::ostringstream out;
    render_text(sample(), out, false);
    const std::string text = out.str();
    CHECK(text.find("domains that publish a TXT record at _mta-sts: 2 of 2") != std::string::npos);
    CHECK(text.find("1 of 2   50.0%") != std::string::npos);
    CHECK(text.find("1 invalid line not counted") != std::string::npos);
    CHECK(text.find("scan.jsonl: 3 lines, 1 invalid") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    std::ostringstream colored;
    render_text(sample(), colored, true);
    CHECK(colored.str().find("\x1b[1m") != std::string::npos);
}

TEST_CASE("summarize html: self-contained, escaped, numbers in known elements") {
    std::ostringstream out;
    render_html(sample(), out);
    const std::string html = out.str();
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("default-src 'none'") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("id=\"total-domains\" class=\"\">2</b>") != std::string::npos);
    CHECK(html.find("id=\"losing-mail\" class=\"bad\">50.0%</b>") != std::string::npos);
    for (const char* chart : {"chart-verdicts", "chart-modes", "chart-providers", "chart-findings"})
        CHECK(html.find(std::string("<svg id=\"") + chart + "\"") != std::string::npos);
    CHECK(html.find("<b>evil") == std::string::npos);
    CHECK(html.find("&lt;b&gt;evil&lt;/b&gt;.example") != std::string::npos);
}
