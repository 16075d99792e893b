#pragma once
// A finding: one problem or notable fact about a domain, the unit of every verdict.
// Ids, severities and JSON keys are user API (docs/findings.md); the catalog holds the defaults.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::model {

enum class Severity { info, warning, error, inconclusive };

struct Finding {
    std::string id;        // stable, e.g. "policy.mx-missing"
    Severity severity = Severity::info;
    std::string message;   // what is wrong, in one sentence, for this instance
    std::string subject;   // what it is about: a record name, URL, MX host, IP, "line 3"
    std::string rfc;       // e.g. "RFC 8461 §3.2"
    std::string hint;      // how to fix it
    std::optional<std::string> tlsrpt_result_type;  // RFC 8460 §4.3 type a sender would report
    bool ignored = false;  // listed, but left out of the verdict (--ignore)
    // Where in the policy body it comes from (1-based), for tools that point into the file
    // (SARIF regions); nullopt when the finding is not about one line.
    std::optional<std::size_t> line;
    std::optional<std::size_t> column;
};

using Findings = std::vector<Finding>;

// Lower-case name of a severity as it appears in JSON and text ("error", ...).
std::string_view to_string(Severity severity);

// Parses "error" | "warning" | "info" | "inconclusive"; nullopt for anything else.
std::optional<Severity> severity_from_string(std::string_view text);

// Builds a finding whose severity, rfc, hint and result type come from the catalog entry of `id`.
// Throws std::logic_error for an id missing from the catalog (a programmer error).
Finding make_finding(std::string_view id, std::string subject, std::string message);

// Same, with a severity that differs from the catalog default for this instance.
Finding make_finding(std::string_view id, Severity severity, std::string subject, std::string message);

}  // namespace mtasts::model
