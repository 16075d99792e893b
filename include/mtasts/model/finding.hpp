#pragma once
// A finding: one problem or notable fact about a domain, the unit of every verdict.
// Ids, severities and JSON keys are user API (the man page's FINDINGS and OUTPUT); the catalog
// (catalog_table.hpp) holds each id's defaults.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/catalog.hpp"
#include "mtasts/model/severity.hpp"

namespace mtasts::model {

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
    // The report section that lists it: the catalog's, or for a failed lookup the section of
    // what it asked about. Not part of the JSON.
    Area area = Area::other;
};

using Findings = std::vector<Finding>;

// Builds a finding whose severity, rfc, hint, result type and area come from the catalog entry of `id`.
Finding make_finding(FindingId id, std::string subject, std::string message);

// Same, with a severity that differs from the catalog default for this instance.
Finding make_finding(FindingId id, Severity severity, std::string subject, std::string message);

// Same, listed in `area`: for dns.lookup-failed and local.*, whose section is that of the
// lookup or connection that failed (the _mta-sts record, the policy host, an MX host, ...).
Finding make_finding(FindingId id, Area area, std::string subject, std::string message);

}  // namespace mtasts::model
