#pragma once
// Reading the JSON text of a TLS-RPT report (private to src/rfc): in time linear in its size,
// whatever it holds. Members whose names no part of an RFC 8460 §4 report uses keep their name
// with a null value instead of their content, so a hostile member costs a scan, not a tree.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mtasts::rfc::detail {

struct ReportJson {
    std::optional<nlohmann::json> root;  // nullopt when the text cannot be used; `error` says why
    std::string error;
};

// Parses `text` (RFC 8259) into the members a report uses. Fails on invalid JSON, nesting
// deeper than `max_depth`, or a member name given twice in one object (RFC 7493 §2.3). A number
// beyond the double range (1e400) is read as +/-1.0e308: every count that large is out of range.
ReportJson read_report_json(std::string_view text, int max_depth);

}  // namespace mtasts::rfc::detail
