// SARIF 2.1.0 (OASIS), the static-analysis exchange format code-scanning tools read: one run for
// the whole invocation, one rule per catalog id (so rule indices are stable across runs), one
// result per finding. Policy findings point at their line and column in the policy file (lint)
// or the policy URL (live check); the others name what they are about as a logical location.
#include <cctype>
#include <ostream>

#include <nlohmann/json.hpp>

#include "ci_common.hpp"
#include "mtasts/model/catalog.hpp"
#include "mtasts/render/document.hpp"
#include "mtasts/render/json.hpp"
#include "mtasts/version.hpp"

namespace mtasts::render {
namespace {

using nlohmann::json;

constexpr const char* k_schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// SARIF levels: "note" for facts; an undecided check is worth a look, not a failure.
std::string_view level_of(model::Severity severity) {
    switch (severity) {
        case model::Severity::error: return "error";
        case model::Severity::warning:
        case model::Severity::inconclusive: return "warning";
        case model::Severity::info: return "note";
    }
    return "none";
}

json rule_of(const model::CatalogEntry& entry) {
    const std::string hint = entry.hint.empty() ? std::string(entry.title) : std::string(entry.hint);
    json rule{{"id", entry.id},
              {"shortDescription", {{"text", entry.title}}},
              {"help", {{"text", hint}}},
              {"defaultConfiguration", {{"level", level_of(entry.severity)}}},
              {"properties", {{"severity", model::to_string(entry.severity)}, {"rfc", entry.rfc}}}};
    const std::string url = detail::rfc_url(entry.rfc);
    if (!url.empty()) rule["helpUri"] = url;
    return rule;
}

json rules() {
    json list = json::array();
    for (const model::CatalogEntry& entry : model::catalog()) list.push_back(rule_of(entry));
    return list;
}

std::optional<std::size_t> rule_index(std::string_view id) {
    const auto entries = model::catalog();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].id == id) return i;
    }
    return std::nullopt;
}

// A file path as a URI reference (RFC 3986 §4.1): SARIF's artifactLocation.uri is one, so
// bytes outside the unreserved set are percent-encoded; an absolute path becomes a file: URI.
std::string path_to_uri(std::string_view path) {
    constexpr std::string_view k_hex = "0123456789ABCDEF";
    std::string uri = path.starts_with('/') ? "file://" : "";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || std::string_view("-._~/").find(c) != std::string_view::npos) {
            uri += c;
        } else {
            uri += '%';
            uri += k_hex[byte >> 4];
            uri += k_hex[byte & 0x0F];
        }
    }
    return uri;
}

// Where the policy came from, for policy findings: the file lint read, or the URL fetched.
std::optional<std::string> policy_artifact(const model::DomainReport& report, const RunContext& context) {
    if (context.policy_path) return path_to_uri(*context.policy_path);
    if (report.policy && report.policy->url) return report.policy->url;
    return std::nullopt;
}

json location_of(const model::Finding& finding, const model::DomainReport& report, const RunContext& context,
                 const std::string& domain) {
    const auto artifact = finding.id.starts_with("policy.") ? policy_artifact(report, context) : std::nullopt;
    if (artifact) {
        json physical{{"artifactLocation", {{"uri", *artifact}}}};
        if (finding.line) {
            physical["region"] = {{"startLine", *finding.line}};
            if (finding.column) physical["region"]["startColumn"] = *finding.column;
        }
        return json{{"physicalLocation", std::move(physical)}};
    }
    const std::string subject = finding.subject.empty() ? domain : finding.subject;
    return json{{"logicalLocations", json::array({{{"name", subject}, {"fullyQualifiedName", domain + "/" + subject}}})}};
}

json result_of(const model::Finding& finding, const model::DomainReport& report, const RunContext& context) {
    const std::string domain = report.domain.value_or("lint");
    std::string text = finding.message;
    if (!finding.hint.empty()) text += " Fix: " + finding.hint;
    json result{{"ruleId", finding.id},
                {"level", level_of(finding.severity)},
                {"message", {{"text", text}}},
                {"locations", json::array({location_of(finding, report, context, domain)})},
                {"properties", {{"domain", domain}, {"severity", model::to_string(finding.severity)},
                                {"subject", finding.subject}, {"fails_run", detail::fails_run(finding, context.fail_on)}}}};
    if (const auto index = rule_index(finding.id)) result["ruleIndex"] = *index;
    if (finding.ignored) result["suppressions"] = json::array({{{"kind", "external"}, {"justification", "--ignore " + finding.id}}});
    return result;
}

}  // namespace

void render_sarif(std::ostream& out, std::span<const model::DomainReport> reports, const RunContext& context) {
    json results = json::array();
    for (const model::DomainReport& report : reports) {
        for (const model::Finding& finding : report.findings) results.push_back(result_of(finding, report, context));
    }
    json driver{{"name", k_tool_name}, {"version", k_version}, {"semanticVersion", k_version}, {"rules", rules()}};
    json run{{"tool", {{"driver", std::move(driver)}}}, {"results", std::move(results)}, {"columnKind", "unicodeCodePoints"}};
    const json log{{"$schema", k_schema}, {"version", "2.1.0"}, {"runs", json::array({std::move(run)})}};
    out << dump_json(log, true) << '\n';
}

}  // namespace mtasts::render
