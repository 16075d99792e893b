// The three outputs of `report`, from a summary built by hand (numbers chosen, not computed).
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "mtasts/base/time.hpp"
#include "mtasts/report/explain.hpp"
#include "mtasts/report/render.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"

using namespace mtasts::report;

namespace {

Summary sample() {
    Aggregator aggregator({});
    mtasts::rfc::TlsRptReport report;
    report.organization_name = "Reporter <b>&Co</b>";
    report.report_id = "r1";
    report.start = mtasts::base::parse_rfc3339("2026-01-01T00:00:00Z");
    report.end = mtasts::base::parse_rfc3339("2026-01-01T23:59:59Z");
    mtasts::rfc::PolicyResult policy{"sts", "example.com", {"version: STSv1", "mode: enforce"}, {}, 997, 3, {}};
    policy.failure_details.push_back({"certificate-expired", "192.0.2.1", "mx1.example.com", "", "", 2, "", ""});
    policy.failure_details.push_back({"dnssec-invalid", "", "mx2.example.com", "", "", 1, "", ""});
    report.policies.push_back(policy);
    aggregator.add(report);
    auto& file = aggregator.add_file("in/report.json");
    file.reports = 1;
    file.warnings.push_back("warning: something odd");
    aggregator.add_file("in/broken.json").error = "not valid JSON";
    return aggregator.summary();
}

}  // namespace

TEST_CASE("explain: result types lead to the catalog's findings", "[render]") {
    const auto expired = findings_for_result_type("certificate-expired");
    CHECK(std::find(expired.begin(), expired.end(), "mx.cert-expired") != expired.end());
    const auto starttls = findings_for_result_type("starttls-not-supported");
    CHECK(std::find(starttls.begin(), starttls.end(), "mx.starttls-missing") != starttls.end());
    CHECK(findings_for_result_type("dnssec-invalid").empty());
    CHECK(std::string(no_live_check_text("dnssec-invalid")).find("DANE") != std::string::npos);
    CHECK(std::string(result_type_meaning("made-up")).find("not defined") != std::string::npos);
}

TEST_CASE("text: totals, rate, meaning and live check per result type", "[render]") {
    std::ostringstream out;
    render_text(sample(), out, {false, false});
    const std::string text = out.str();
    CHECK(text.find("997 successful, 3 failed sessions (99.70% successful)") != std::string::npos);
    CHECK(text.find("Period: 2026-01-01T00:00:00Z .. 2026-01-01T23:59:59Z") != std::string::npos);
    CHECK(text.find("the MX certificate has expired") != std::string::npos);
    CHECK(text.find("mx.cert-expired") != std::string::npos);
    CHECK(text.find("does not test DANE") != std::string::npos);
    CHECK(text.find("mx1.example.com") != std::string::npos);
    CHECK(text.find("version: STSv1") != std::string::npos);
    CHECK(text.find("in/broken.json: error: not valid JSON") != std::string::npos);
    CHECK(text.find("something odd") != std::string::npos);
    CHECK(text.find("\x1b[") == std::string::npos);
    std::ostringstream quiet;
    render_text(sample(), quiet, {true, true});
    CHECK(quiet.str().find("something odd") == std::string::npos);
    CHECK(quiet.str().find("\x1b[31m3\x1b[0m") != std::string::npos);
}

TEST_CASE("json: the keys of docs/report.md", "[render]") {
    const auto j = to_json(sample());
    CHECK(j.at("schema_version") == 1);
    CHECK(j.at("tool").at("name") == "mta-sts-check");
    CHECK(j.at("reports") == 1);
    REQUIRE(j.at("files").size() == 2);
    CHECK(j.at("files")[0].at("path") == "in/report.json");
    CHECK(j.at("files")[0].at("error").is_null());
    CHECK(j.at("files")[1].at("error") == "not valid JSON");
    CHECK(j.at("period").at("start") == "2026-01-01T00:00:00Z");
    const auto& policy = j.at("policies").at(0);
    CHECK(policy.at("policy_domain") == "example.com");
    CHECK(policy.at("policy_type") == "sts");
    CHECK(policy.at("policy_strings") == nlohmann::json({"version: STSv1", "mode: enforce"}));
    CHECK(policy.at("successful") == 997);
    CHECK(policy.at("failed") == 3);
    REQUIRE(policy.at("failures").size() == 2);
    const auto& failure = policy.at("failures").at(0);
    for (const char* key : {"result_type", "count", "receiving_mx_hostname", "sending_mta_ip", "organization"}) {
        CHECK(failure.contains(key));
    }
    CHECK(policy.at("failures").at(1).at("sending_mta_ip").is_null());
    const auto& totals = j.at("totals");
    CHECK(totals.at("successful") == 997);
    CHECK(totals.at("failed") == 3);
    CHECK(totals.at("by_result_type").at("certificate-expired") == 2);
    CHECK(totals.at("by_organization").at("Reporter <b>&Co</b>") == 1000);
}

TEST_CASE("json: the streamed output is the same document as to_json", "[render]") {
    std::ostringstream out;
    render_json(sample(), out);
    CHECK(nlohmann::json::parse(out.str()) == to_json(sample()));
    std::ostringstream empty;
    render_json(Summary{}, empty);
    const auto parsed = nlohmann::json::parse(empty.str());
    CHECK(parsed.at("files").empty());
    CHECK(parsed.at("period").at("start").is_null());
}

TEST_CASE("html: self-contained, escaped, totals in known elements", "[render]") {
    std::ostringstream out;
    render_html(sample(), out);
    const std::string html = out.str();
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("<b id=\"total-successful\" class=\"ok\">997</b>") != std::string::npos);
    CHECK(html.find("id=\"total-failed\" class=\"bad\">3</b>") != std::string::npos);
    CHECK(html.find("<svg id=\"chart-daily\"") != std::string::npos);
    CHECK(html.find("<svg id=\"chart-result-types\"") != std::string::npos);
    CHECK(html.find("<svg id=\"chart-mx\"") != std::string::npos);
    // Nothing to fetch, nothing to run.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("default-src 'none'") != std::string::npos);
    // Report text is data, never markup.
    CHECK(html.find("<b>&Co</b>") == std::string::npos);
    CHECK(html.find("Reporter &lt;b&gt;&amp;Co&lt;/b&gt;") != std::string::npos);
}

TEST_CASE("html: days without reports show as empty days of the chart", "[render]") {
    Summary summary;
    summary.daily["2026-01-01"] = {10, 1};
    summary.daily["2026-01-04"] = {20, 0};
    std::ostringstream out;
    render_html(summary, out);
    const std::string html = out.str();
    std::size_t bars = 0;
    for (auto at = html.find("<g><title>"); at != std::string::npos; at = html.find("<g><title>", at + 1)) ++bars;
    CHECK(bars == 4);
    CHECK(html.find("2026-01-02: 0 successful, 0 failed") != std::string::npos);
    CHECK(html.find("2026-01-01: 10 successful, 1 failed") != std::string::npos);
}
