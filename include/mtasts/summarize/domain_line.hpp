#pragma once
// One line of the live check's JSONL output (man page, OUTPUT: one domain report a line,
// schema_version 1) read into the few facts `summarize` counts. Any output that says
// schema_version 1 is read: keys this reader does not know are ignored and optional keys may be
// missing or null. A line that is not a JSON object, says another schema_version, has no domain
// or no known verdict, or holds a key of the wrong type is an error that says why.
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/verdict.hpp"

namespace mtasts::summarize {

// The schema_version this reader understands.
inline constexpr int k_read_schema_version = 1;

// What summarize needs of one domain report (man page, SUMMARIZE, for each definition).
struct DomainLine {
    std::string domain;  // lower case, without a trailing dot
    model::Verdict verdict = model::Verdict::pass;
    bool publishes_record = false;         // a TXT record at _mta-sts.D: mta_sts.record.txt is not empty
    std::optional<std::string> mode;       // mta_sts.policy.mode when it publishes a record; nullopt: no policy
    std::vector<std::string> finding_ids;  // ids of the findings not ignored, each once, sorted
    bool misconfigured = false;            // a finding not ignored has severity error or warning
    std::vector<std::string> mx_hosts;     // the host of each mx entry, lower case, without a trailing dot
    bool mx_refused = false;               // an MX host has deliverable_under_policy false
};

// The facts of one JSONL line, or why it cannot be read.
std::expected<DomainLine, std::string> read_domain_line(std::string_view line);

// The facts of one parsed domain report, or why it is not one.
std::expected<DomainLine, std::string> domain_line_from_json(const nlohmann::json& report);

}  // namespace mtasts::summarize
