#pragma once
// --resume: what an earlier run of `-o FILE` left in FILE. Each domain it finished is one whole
// line (the JSONL object of --format jsonl, ended by a newline); a run killed while writing
// leaves at most one line without its newline at the end, which is not a finished domain and is
// cut away before the resumed run appends (man page, -o and --resume).
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/finding.hpp"
#include "mtasts/model/verdict.hpp"

namespace mtasts::check::live {

// One domain a result line records as done: enough to skip it, and to count it in the exit
// status and the closing tally as if it had been checked in this run.
struct FinishedDomain {
    std::string domain;  // normalised
    model::Verdict verdict = model::Verdict::pass;
    std::vector<model::Severity> counted;  // each severity of its findings not --ignored, once

    // Stand-ins for its counted findings, for model::RunStatus (which only reads severities).
    model::Findings counted_findings() const;
};

// Reads one whole line of a result file; the error says why it is not a result line.
std::expected<FinishedDomain, std::string> parse_result_line(std::string_view line);

// What an earlier run left in a result file.
struct ResumePoint {
    std::vector<FinishedDomain> finished;  // in file order (a domain written twice is there twice)
    std::uint64_t whole_bytes = 0;         // up to and including the last newline
    std::uint64_t torn_bytes = 0;          // after it: the line being written when the run died
};

// Reads the result file open on `fd` from its start (blank lines are skipped). Throws
// model::UsageError "NAME:LINE: ..." for a whole line that is not a result line, before
// anything is changed.
ResumePoint read_result_file(int fd, const std::string& name);

}  // namespace mtasts::check::live
