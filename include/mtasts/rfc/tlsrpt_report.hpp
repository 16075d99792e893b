#pragma once
// The TLS-RPT aggregate report (RFC 8460 §4): the JSON model and a tolerant, truthful parser.
// Pure: no I/O, no clock. Never throws on input. Every oddity is a ReportProblem:
//   error   -> the datum it is about is dropped: the whole report (bad JSON, no `policies`),
//              one policy entry (unknown policy-type, bad summary count) or one failure detail
//              (no result-type or failed-session-count);
//   warning -> kept, but the reporter broke a rule (missing member, date without zone);
//   info    -> kept, a note on the reporter (mx-host as a string, detail sum != summary).
// docs/rfc-rules.md, group H, gives the rule behind each level.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::rfc {

enum class ProblemLevel { error, warning, info };

struct ReportProblem {
    ProblemLevel level = ProblemLevel::warning;
    std::string where;    // JSON path, e.g. "policies[0].failure-details[2]"; empty = whole report
    std::string message;  // one sentence
};

// RFC 8460 §4.4 failure-details entry. Absent optional members are empty strings.
struct FailureDetail {
    std::string result_type;
    std::string sending_mta_ip;
    std::string receiving_mx_hostname;
    std::string receiving_mx_helo;
    std::string receiving_ip;
    std::uint64_t failed_session_count = 0;
    std::string additional_information;
    std::string failure_reason_code;
};

// One `policies[]` entry: the policy senders applied and what happened under it (§4.4, §4.5).
struct PolicyResult {
    std::string policy_type;                  // "sts" | "tlsa" | "no-policy-found"
    std::string policy_domain;                // lower-cased, no trailing dot; empty when absent
    std::vector<std::string> policy_strings;  // as the reporter wrote them
    std::vector<std::string> mx_hosts;        // `mx-host`, a string is taken as one element
    std::uint64_t successful = 0;             // total-successful-session-count
    std::uint64_t failed = 0;                 // total-failure-session-count
    std::vector<FailureDetail> failure_details;
};

struct TlsRptReport {
    std::string organization_name;
    std::string contact_info;
    std::string report_id;
    std::optional<std::int64_t> start;  // date-range start, seconds since the Unix epoch (UTC)
    std::optional<std::int64_t> end;    // date-range end
    std::vector<PolicyResult> policies;
    std::size_t dropped_policies = 0;  // policies[] entries dropped as unusable (errors say why)
};

struct ReportParse {
    std::optional<TlsRptReport> report;  // nullopt when the text is not a usable report
    std::vector<ReportProblem> problems;
    // Of the report's members in canonical JSON: equal for the same report however it was
    // formatted (a mailed copy and a saved file), different when any member differs.
    std::size_t content_hash = 0;
};

// Largest report text parse_tlsrpt_report accepts (RFC 8460 §7: reports are untrusted input).
inline constexpr std::size_t k_max_report_bytes = 20 * 1024 * 1024;
// Deepest JSON nesting accepted; a real report nests 4 levels.
inline constexpr int k_max_json_depth = 32;

// Parses one aggregate report from its JSON text (RFC 8460 §4, I-JSON per RFC 7493).
ReportParse parse_tlsrpt_report(std::string_view json_text);

// What a result type means and to which group of §4.3 it belongs.
struct ResultTypeInfo {
    std::string_view name;     // e.g. "certificate-expired"
    std::string_view section;  // e.g. "RFC 8460 §4.3.1"
    std::string_view meaning;  // one line for the summary
};

// Every result type registered by RFC 8460 §4.3, in the RFC's order.
std::span<const ResultTypeInfo> result_types();

// The registered result type `name`, or nullptr for one the RFC does not define.
const ResultTypeInfo* find_result_type(std::string_view name);

// "error" | "warning" | "info".
std::string_view to_string(ProblemLevel level);

}  // namespace mtasts::rfc
