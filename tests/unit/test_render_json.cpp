// The JSON renderer against the JSON the man page describes (OUTPUT): required keys (null, not missing),
// specific values, safe serialisation of hostile bytes, and golden files.
#include <catch2/catch.hpp>
#include <initializer_list>

#include "mtasts/render/json.hpp"
#include "mtasts/version.hpp"
#include "test_render_fixtures.hpp"

using mtasts::render::domain_report_to_json;
using mtasts::render::dump_json;
using nlohmann::json;

namespace {

// Every key of `keys` is present in the object `value` (a null counts as present).
void require_keys(const json& value, std::initializer_list<const char*> keys, const std::string& where) {
    INFO(where);
    REQUIRE(value.is_object());
    for (const char* key : keys) {
        INFO("key " << key);
        CHECK(value.contains(key));
    }
}

const std::initializer_list<const char*> k_cert_keys = {"subject",   "issuer",  "san",        "not_before", "not_after",
                                                        "days_left", "trusted", "name_match", "chain_error"};

// The required keys of the JSON output, at every level the report has content for.
void require_contract_keys(const json& doc) {
    require_keys(doc,
                 {"schema_version", "tool", "domain", "verdict", "elapsed_ms", "findings", "mta_sts", "tls_rpt", "mx", "hosted"},
                 "top level");
    require_keys(doc["tool"], {"name", "version"}, "tool");
    for (const auto& f : doc["findings"]) {
        require_keys(f, {"id", "severity", "message", "subject", "rfc", "hint", "tlsrpt_result_type", "ignored"},
                     "finding");
    }
    require_keys(doc["mta_sts"], {"record", "policy"}, "mta_sts");
    if (!doc["mta_sts"]["record"].is_null()) {
        require_keys(doc["mta_sts"]["record"], {"name", "txt", "id", "cname_chain"}, "mta_sts.record");
    }
    const json& policy = doc["mta_sts"]["policy"];
    if (!policy.is_null()) {
        require_keys(policy, {"url", "http_status", "content_type", "raw", "mode", "max_age", "mx", "cert"}, "policy");
        if (!policy["cert"].is_null()) require_keys(policy["cert"], k_cert_keys, "policy.cert");
    }
    require_keys(doc["tls_rpt"], {"record"}, "tls_rpt");
    if (!doc["tls_rpt"]["record"].is_null()) {
        require_keys(doc["tls_rpt"]["record"], {"name", "txt", "rua", "cname_chain"}, "tls_rpt.record");
    }
    REQUIRE(doc["mx"].is_array());
    for (const auto& host : doc["mx"]) {
        require_keys(host, {"host", "preference", "covered_by_policy", "deliverable_under_policy", "addresses"}, "mx");
        for (const auto& address : host["addresses"]) {
            require_keys(address, {"ip", "starttls", "tls_version", "cipher", "cert", "error"}, "address");
            if (!address["cert"].is_null()) require_keys(address["cert"], k_cert_keys, "address.cert");
        }
    }
}

// The golden text of a report with the tool version fixed, so a release does not move it.
std::string golden_text(const mtasts::model::DomainReport& report) {
    json doc = domain_report_to_json(report);
    REQUIRE(doc["tool"]["version"] == mtasts::k_version);
    doc["tool"]["version"] = "X.Y.Z";
    return dump_json(doc, true) + "\n";
}

}  // namespace

TEST_CASE("every required key of the JSON output is present in each fixture", "[render][json]") {
    for (const auto& report : {render_fixtures::pass_two_mx(), render_fixtures::fail_mixed(),
                               render_fixtures::lint_only(), render_fixtures::incomplete()}) {
        require_contract_keys(domain_report_to_json(report));
    }
}

TEST_CASE("an empty report has every top-level key, absent facts as null", "[render][json]") {
    const json doc = domain_report_to_json(mtasts::model::DomainReport{});
    require_contract_keys(doc);
    CHECK(doc["schema_version"] == 1);
    CHECK(doc["tool"]["name"] == "mta-sts-check");
    CHECK(doc["domain"].is_null());
    CHECK(doc["verdict"] == "pass");
    CHECK(doc["mta_sts"]["record"].is_null());
    CHECK(doc["mta_sts"]["policy"].is_null());
    CHECK(doc["tls_rpt"]["record"].is_null());
    CHECK(doc["findings"] == json::array());
    CHECK(doc["mx"] == json::array());
}

TEST_CASE("a pass with two MX hosts carries records, policy and probes", "[render][json]") {
    const json doc = domain_report_to_json(render_fixtures::pass_two_mx());
    CHECK(doc["domain"] == "example.com");
    CHECK(doc["verdict"] == "pass");
    CHECK(doc["elapsed_ms"] == 412);
    CHECK(doc["mta_sts"]["record"]["id"] == "20260101T000000");
    CHECK(doc["mta_sts"]["record"]["cname_chain"] ==
          json::array({"_mta-sts.example.com", "_mta-sts.sts-provider.example"}));
    const json& policy = doc["mta_sts"]["policy"];
    CHECK(policy["http_status"] == 200);
    CHECK(policy["mode"] == "enforce");
    CHECK(policy["max_age"] == 604800);
    CHECK(policy["mx"] == json::array({"mx1.example.com", "mx2.example.com"}));
    CHECK(policy["cert"]["not_after"] == "2026-01-01T00:00:00Z");
    CHECK(policy["cert"]["not_before"] == "2025-10-03T00:00:00Z");
    CHECK(policy["cert"]["days_left"] == 89);
    CHECK(policy["cert"]["chain_error"].is_null());
    CHECK(doc["tls_rpt"]["record"]["rua"] == json::array({"mailto:tlsrpt@example.com"}));
    REQUIRE(doc["mx"].size() == 2);
    CHECK(doc["mx"][0]["host"] == "mx1.example.com");
    CHECK(doc["mx"][0]["preference"] == 10);
    CHECK(doc["mx"][0]["covered_by_policy"] == true);
    CHECK(doc["mx"][0]["deliverable_under_policy"] == true);
    REQUIRE(doc["mx"][0]["addresses"].size() == 2);
    const json& v6 = doc["mx"][0]["addresses"][1];
    CHECK(v6["ip"] == "2001:db8::10");
    CHECK(v6["starttls"] == true);
    CHECK(v6["tls_version"] == "TLSv1.3");
    CHECK(v6["cipher"] == "TLS_AES_256_GCM_SHA384");
    CHECK(v6["error"].is_null());
    REQUIRE(doc["findings"].size() == 1);
    CHECK(doc["findings"][0]["severity"] == "info");
    CHECK(doc["findings"][0]["hint"].is_null());  // a pure fact has no fix
}

TEST_CASE("a fail keeps every finding, the ignored one flagged", "[render][json]") {
    const json doc = domain_report_to_json(render_fixtures::fail_mixed());
    CHECK(doc["verdict"] == "fail");
    const json& findings = doc["findings"];
    REQUIRE(findings.size() == 6);
    CHECK(findings[1]["id"] == "mx.not-covered");
    CHECK(findings[1]["severity"] == "error");
    CHECK(findings[1]["subject"] == "mx2.example.net");
    CHECK(findings[1]["rfc"] == "RFC 8461 §4.1");
    CHECK(findings[1]["tlsrpt_result_type"] == "validation-failure");
    CHECK(findings[1]["ignored"] == false);
    CHECK(findings[0]["tlsrpt_result_type"].is_null());
    CHECK(findings[5]["id"] == "tlsrpt.record.missing");
    CHECK(findings[5]["ignored"] == true);
    const json& mx2 = doc["mx"][1];
    CHECK(mx2["covered_by_policy"] == false);
    CHECK(mx2["deliverable_under_policy"] == false);
    CHECK(mx2["addresses"][0]["cert"]["days_left"] == -3);
    const json& unreachable = doc["mx"][0]["addresses"][1];
    CHECK(unreachable["starttls"].is_null());
    CHECK(unreachable["cert"].is_null());
    CHECK(unreachable["error"] == "connect: Connection timed out after 10 s");
    CHECK(doc["tls_rpt"]["record"].is_null());
}

TEST_CASE("a lint without a domain writes domain null and no probes", "[render][json]") {
    const json doc = domain_report_to_json(render_fixtures::lint_only());
    CHECK(doc["domain"].is_null());
    CHECK(doc["verdict"] == "warn");
    const json& policy = doc["mta_sts"]["policy"];
    CHECK(policy["url"].is_null());
    CHECK(policy["http_status"].is_null());
    CHECK(policy["content_type"].is_null());
    CHECK(policy["cert"].is_null());
    CHECK(policy["mode"] == "testing");
    CHECK(doc["mx"] == json::array());
    CHECK(doc["tls_rpt"]["record"].is_null());
}

TEST_CASE("an incomplete check writes unknown MX facts as null", "[render][json]") {
    const json doc = domain_report_to_json(render_fixtures::incomplete());
    CHECK(doc["verdict"] == "incomplete");
    CHECK(doc["mta_sts"]["record"].is_null());
    CHECK(doc["mta_sts"]["policy"].is_null());
    CHECK(doc["findings"][0]["severity"] == "inconclusive");
    const json& host = doc["mx"][0];
    CHECK(host["covered_by_policy"].is_null());
    CHECK(host["deliverable_under_policy"].is_null());
    CHECK(host["addresses"][0]["tls_version"].is_null());
}

TEST_CASE("invalid UTF-8 from the wire is replaced, never thrown on", "[render][json]") {
    mtasts::model::DomainReport report;
    report.domain = "example.com";
    report.policy = mtasts::model::PolicyFacts{};
    report.policy->raw = std::string("mode: \xff\xfe");
    const json doc = domain_report_to_json(report);
    // The strict default would throw here; the safe dump must not.
    CHECK_THROWS(doc.dump());
    std::string text;
    REQUIRE_NOTHROW(text = dump_json(doc, false));
    CHECK(text.find("mode: \xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);  // two U+FFFD
    CHECK(json::parse(text)["mta_sts"]["policy"]["raw"] == "mode: \xEF\xBF\xBD\xEF\xBF\xBD");
    REQUIRE_NOTHROW(dump_json(doc, true));
}

TEST_CASE("compact dump is one line, pretty dump is indented", "[render][json]") {
    const json doc = domain_report_to_json(render_fixtures::pass_two_mx());
    const std::string compact = dump_json(doc, false);
    const std::string pretty = dump_json(doc, true);
    CHECK(compact.find('\n') == std::string::npos);
    CHECK(pretty.find("\n  \"domain\": \"example.com\"") != std::string::npos);
    CHECK(json::parse(compact) == json::parse(pretty));
}

TEST_CASE("golden JSON of the four fixtures", "[render][json][golden]") {
    render_fixtures::check_golden("pass.json", golden_text(render_fixtures::pass_two_mx()));
    render_fixtures::check_golden("fail.json", golden_text(render_fixtures::fail_mixed()));
    render_fixtures::check_golden("lint.json", golden_text(render_fixtures::lint_only()));
    render_fixtures::check_golden("incomplete.json", golden_text(render_fixtures::incomplete()));
}

TEST_CASE("history is null without --state and lists the cached policies with it", "[render][json]") {
    mtasts::model::DomainReport report = render_fixtures::pass_two_mx();
    CHECK(domain_report_to_json(report)["history"].is_null());
    mtasts::model::HistoryFacts history;
    history.snapshots_before = 2;
    history.cached.push_back({"old1", std::string(64, 'a'), "enforce", 86400, {"mx1.example.com"}, render_fixtures::k_2026_01_01});
    report.history = history;
    const json doc = domain_report_to_json(report);
    CHECK(doc["history"]["snapshots_before"] == 2);
    REQUIRE(doc["history"]["cached"].size() == 1);
    const json& cached = doc["history"]["cached"][0];
    CHECK(cached["id"] == "old1");
    CHECK(cached["mode"] == "enforce");
    CHECK(cached["mx"] == json::array({"mx1.example.com"}));
    CHECK(cached["fetched_at"] == "2026-01-01T00:00:00Z");
    CHECK(cached["cached_until"] == "2026-01-02T00:00:00Z");  // fetch time + max_age
    CHECK(doc["history"]["current"].is_null());
}

TEST_CASE("sender_differences: always present, each row with exactly its five keys", "[render][json]") {
    CHECK(domain_report_to_json(mtasts::model::DomainReport{})["sender_differences"] == json::array());
    mtasts::model::DomainReport report;
    report.sender_differences.push_back({"postfix-mta-sts-resolver", std::nullopt, "mode testing", "mode enforce", "last wins"});
    report.sender_differences.push_back({"mailauth", std::string("a.b.example.com"), "refuses", "delivers", "suffix"});
    const json rows = domain_report_to_json(report)["sender_differences"];
    REQUIRE(rows.size() == 2);
    for (const auto& row : rows) {
        CHECK(row.size() == 5);
        for (const char* key : {"implementation", "mx", "rfc_outcome", "implementation_outcome", "why"}) CHECK(row.contains(key));
    }
    CHECK(rows[0]["mx"].is_null());
    CHECK(rows[0]["implementation_outcome"] == "mode enforce");
    CHECK(rows[1]["mx"] == "a.b.example.com");
}

TEST_CASE("hosted: null without a hosted setup, else the provider and where each name points", "[render][json]") {
    CHECK(domain_report_to_json(mtasts::model::DomainReport{})["hosted"].is_null());
    mtasts::model::DomainReport report;
    report.hosted = mtasts::model::HostedFacts{"hoster.test",
                                               {"mta-sts.example.com", "mta-sts.example.hoster.test", "hoster.test"},
                                               {"_mta-sts.example.com", "_mta-sts.example.hoster.test", "hoster.test"},
                                               {"_smtp._tls.example.com", std::nullopt, std::nullopt}};
    const json hosted = domain_report_to_json(report)["hosted"];
    CHECK(hosted["provider"] == "hoster.test");
    CHECK(hosted["cnames"].size() == 3);
    CHECK(hosted["cnames"]["policy_host"] == json{{"name", "mta-sts.example.com"}, {"target", "mta-sts.example.hoster.test"}, {"provider", "hoster.test"}});
    CHECK(hosted["cnames"]["sts_record"]["target"] == "_mta-sts.example.hoster.test");
    CHECK(hosted["cnames"]["tlsrpt_record"] == json{{"name", "_smtp._tls.example.com"}, {"target", nullptr}, {"provider", nullptr}});
}
