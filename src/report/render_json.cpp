// `report` JSON, schema_version 1 (every key documented in docs/report.md and the man page).
#include <ostream>

#include "format.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/report/explain.hpp"
#include "mtasts/report/render.hpp"
#include "mtasts/version.hpp"

namespace mtasts::report {
namespace {

using nlohmann::json;

json or_null(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

json time_or_null(const std::optional<std::int64_t>& seconds) {
    return seconds ? json(base::format_rfc3339(*seconds)) : json(nullptr);
}

json counts(const std::map<std::string, std::uint64_t>& map) {
    json out = json::object();
    for (const auto& [key, value] : map) out[key] = value;
    return out;
}

json file_json(const FileEntry& file) {
    return {{"path", file.path},
            {"reports", file.reports},
            {"error", file.error ? json(*file.error) : json(nullptr)},
            {"warnings", file.warnings}};
}

// One policy (domain, type): its counts, its failure rows and every policy-string variant.
json policy_to_json(const PolicySummary& p) {
    json failures = json::array();
    for (const auto& [row, count] : p.failures) {
        failures.push_back({{"result_type", row.result_type},
                            {"count", count},
                            {"receiving_mx_hostname", or_null(row.receiving_mx_hostname)},
                            {"sending_mta_ip", or_null(row.sending_mta_ip)},
                            {"organization", or_null(row.organization)}});
    }
    json variants = json::array();
    const auto by_date = detail::variants_by_date(p);
    for (const auto* variant : by_date) {
        const auto& seen = *variant;
        variants.push_back({{"policy_string", seen.strings},
                            {"reports", seen.reports},
                            {"first_seen", time_or_null(seen.first_seen)},
                            {"last_seen", time_or_null(seen.last_seen)}});
    }
    // policy_strings: the latest variant (what senders see now); every variant follows.
    const std::vector<std::string> latest = by_date.empty() ? std::vector<std::string>{} : by_date.back()->strings;
    return {{"policy_domain", or_null(p.policy_domain)},
            {"policy_type", p.policy_type},
            {"policy_strings", latest},
            {"policy_string_variants", variants},
            {"successful", p.successful},
            {"failed", p.failed},
            {"success_rate", detail::success_rate(p.successful, p.failed)},
            {"failures", failures}};
}

// Everything but the file list, which may be long (one entry per input).
json without_files(const Summary& summary) {
    json policies = json::array();
    for (const auto& [key, p] : summary.policies) policies.push_back(policy_to_json(p));
    json daily = json::array();
    for (const auto& [date, day] : summary.daily) {
        daily.push_back({{"date", date}, {"successful", day.successful}, {"failed", day.failed}});
    }
    json result_types = json::array();
    for (const auto& [type, count] : summary.by_result_type) {
        const auto* info = rfc::find_result_type(type);
        result_types.push_back({{"result_type", type},
                                {"count", count},
                                {"registered", info != nullptr},
                                {"rfc", info != nullptr ? json(std::string(info->section)) : json(nullptr)},
                                {"meaning", std::string(result_type_meaning(type))},
                                {"findings", findings_for_result_type(type)}});
    }
    return {
        {"schema_version", 1},
        {"tool", {{"name", k_tool_name}, {"version", k_version}}},
        {"reports", summary.reports},
        {"duplicates", summary.duplicates},
        {"filtered_out", summary.filtered_out},
        {"period", {{"start", time_or_null(summary.start)}, {"end", time_or_null(summary.end)}}},
        {"policies", policies},
        {"totals",
         {{"successful", summary.successful},
          {"failed", summary.failed},
          {"success_rate", detail::success_rate(summary.successful, summary.failed)},
          {"saturated", summary.saturated},
          {"by_result_type", counts(summary.by_result_type)},
          {"by_organization", counts(summary.by_organization)},
          {"failed_by_organization", counts(summary.failed_by_organization)},
          {"failed_by_receiving_mx", counts(summary.failed_by_mx)},
          {"failed_by_sending_mta_ip", counts(summary.failed_by_sending_ip)}}},
        {"daily", daily},
        {"result_types", result_types},
    };
}

// Marks where the file list goes in the dumped document.
constexpr const char* k_files_marker = "\x01files\x01";

}  // namespace

json to_json(const Summary& summary) {
    json doc = without_files(summary);
    json files = json::array();
    for (const auto& file : summary.files) files.push_back(file_json(file));
    doc["files"] = std::move(files);
    return doc;
}

void render_json(const Summary& summary, std::ostream& out) {
    // The file list is written one entry at a time, so the output never holds a second copy of
    // every input's warnings in memory (bench/report_throughput.py: memory stays flat).
    json doc = without_files(summary);
    doc["files"] = k_files_marker;
    const std::string text = doc.dump(2, ' ', false, json::error_handler_t::replace);
    const std::string marker = json(k_files_marker).dump();
    const auto at = text.find(marker);
    out << text.substr(0, at) << '[';
    bool first = true;
    for (const auto& file : summary.files) {
        std::string entry = file_json(file).dump(2, ' ', false, json::error_handler_t::replace);
        std::string indented;
        for (char c : entry) {
            indented += c;
            if (c == '\n') indented += "    ";
        }
        out << (first ? "\n    " : ",\n    ") << indented;
        first = false;
    }
    out << (first ? "]" : "\n  ]") << text.substr(at + marker.size()) << '\n';
}

}  // namespace mtasts::report
