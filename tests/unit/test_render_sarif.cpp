// SARIF 2.1.0: one run, a rule per catalog id with its help and RFC link, a result per finding
// pointing at its rule, policy findings located in the policy file, hostile bytes kept valid.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "mtasts/model/catalog.hpp"
#include "mtasts/render/document.hpp"
#include "test_render_fixtures.hpp"

using mtasts::model::DomainReport;
using mtasts::render::RunContext;
using nlohmann::json;

namespace {

std::string sarif_text(const std::vector<DomainReport>& reports, RunContext context = {}) {
    std::ostringstream out;
    mtasts::render::render_sarif(out, reports, context);
    return out.str();
}

json sarif(const std::vector<DomainReport>& reports, RunContext context = {}) {
    return json::parse(sarif_text(reports, std::move(context)));
}

}  // namespace

TEST_CASE("sarif: one run whose rules are the catalog", "[render][sarif]") {
    const json log = sarif({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed()});
    CHECK(log["version"] == "2.1.0");
    REQUIRE(log["runs"].size() == 1);
    const json& rules = log["runs"][0]["tool"]["driver"]["rules"];
    REQUIRE(rules.size() == mtasts::model::catalog().size());
    const auto* entry = mtasts::model::find_entry("mx.not-covered");
    const auto index = static_cast<std::size_t>(entry - mtasts::model::catalog().data());
    CHECK(rules[index]["id"] == "mx.not-covered");
    CHECK(rules[index]["help"]["text"] == std::string(entry->hint));
    CHECK(rules[index]["helpUri"] == "https://www.rfc-editor.org/rfc/rfc8461#section-4.1");
}

TEST_CASE("sarif: a result per finding of every domain, pointing at its rule", "[render][sarif]") {
    const json log = sarif({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed()});
    const json& results = log["runs"][0]["results"];
    REQUIRE(results.size() == 7);
    const json& rules = log["runs"][0]["tool"]["driver"]["rules"];
    for (const json& result : results) CHECK(rules[result["ruleIndex"].get<std::size_t>()]["id"] == result["ruleId"]);
    CHECK(results[0]["properties"]["domain"] == "example.com");
    CHECK(results[0]["level"] == "note");
    CHECK(results[2]["level"] == "error");
    CHECK(results[2]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "example.net/mx2.example.net");
    CHECK(results[6]["suppressions"][0]["kind"] == "external");
}

TEST_CASE("sarif: policy findings with a line get a region in the policy file", "[render][sarif]") {
    const json live = sarif({render_fixtures::hostile()});
    const json& located = live["runs"][0]["results"][1]["locations"][0]["physicalLocation"];
    CHECK(located["artifactLocation"]["uri"] == "https://mta-sts.evil.example/.well-known/mta-sts.txt");
    CHECK(located["region"]["startLine"] == 2);
    CHECK(located["region"]["startColumn"] == 5);
    const json lint = sarif({render_fixtures::hostile()}, RunContext{mtasts::model::FailOn::error, "my policy%.txt"});
    CHECK(lint["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "my%20policy%25.txt");
    const json absolute = sarif({render_fixtures::hostile()}, RunContext{mtasts::model::FailOn::error, "/etc/p.txt"});
    CHECK(absolute["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "file:///etc/p.txt");
}

TEST_CASE("sarif: invalid UTF-8 and controls from the wire stay valid JSON", "[render][sarif]") {
    std::string text;
    REQUIRE_NOTHROW(text = sarif_text({render_fixtures::hostile()}));
    const json log = json::parse(text);
    const std::string message = log["runs"][0]["results"][0]["message"]["text"];
    CHECK(message.find("\r\n::error title=x::injected\x01\x1b[31m\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);  // written as \u001b
}

TEST_CASE("golden sarif of the lint fixture", "[render][sarif][golden]") {
    json log = sarif({render_fixtures::lint_only()}, RunContext{mtasts::model::FailOn::error, "policy.txt"});
    // The rules are the catalog, checked above; the golden file holds what the fixture decides.
    log["runs"][0]["tool"]["driver"].erase("rules");
    log["runs"][0]["tool"]["driver"]["version"] = "X";
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = "X";
    render_fixtures::check_golden("lint.sarif.json", log.dump(2) + "\n");
}
