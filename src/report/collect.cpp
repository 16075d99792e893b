// Inputs -> parser -> aggregator, one report at a time.
#include "mtasts/report/collect.hpp"

#include <array>
#include <iostream>
#include <iterator>

#include "mtasts/report/explain.hpp"
#include "mtasts/report/inputs.hpp"

namespace mtasts::report {
namespace {

std::string problem_text(const std::string& origin, const rfc::ReportProblem& problem) {
    std::string text(rfc::to_string(problem.level));
    text += ": ";
    if (!origin.empty()) text += origin + ": ";
    if (!problem.where.empty()) text += problem.where + ": ";
    return text + problem.message;
}

void add_report(Aggregator& aggregator, FileEntry& entry, const FoundReport& found) {
    auto parsed = rfc::parse_tlsrpt_report(found.json);
    const std::string prefix = found.origin.empty() ? "" : found.origin + ": ";
    for (const auto& problem : parsed.problems) {
        // Without a report the first error becomes the file's error instead.
        if (parsed.report || problem.level != rfc::ProblemLevel::error)
            entry.warnings.push_back(problem_text(found.origin, problem));
    }
    if (!parsed.report) {
        std::string reason = "not a TLS-RPT report";
        for (const auto& problem : parsed.problems) {
            if (problem.level == rfc::ProblemLevel::error) {
                reason += ": " + (problem.where.empty() ? "" : problem.where + ": ") + problem.message;
                break;
            }
        }
        if (!entry.error) entry.error = prefix + reason;
        return;
    }
    const rfc::TlsRptReport& report = *parsed.report;
    if (report.policies.empty() && report.dropped_policies > 0) {
        // Nothing of it can be summed: counting it would claim sessions that are not there.
        entry.warnings.push_back("warning: " + prefix + "report " + report.report_id + " of " +
                                 report.organization_name + ": every policy entry was dropped (see above): not counted");
        return;
    }
    for (auto& warning : delivery_warnings(found, report)) entry.warnings.push_back("warning: " + warning);
    const ReportSource source{entry.path, parsed.content_hash};
    switch (aggregator.add(report, source)) {
        case AddResult::counted: ++entry.reports; break;
        case AddResult::duplicate:
            entry.warnings.push_back("info: " + prefix + "report " + report.report_id + " of " +
                                     report.organization_name +
                                     " was already counted (RFC 8460 §5.5 retries): counted once");
            break;
        case AddResult::conflicting_duplicate:
            // RFC 8460 §5.3: a report-id names one report; two bodies under it cannot both be it.
            entry.warnings.push_back("warning: " + prefix + "report " + report.report_id + " of " +
                                     report.organization_name + " has the report-id of the one read from " +
                                     aggregator.first_source(report).file +
                                     " but a different body (RFC 8460 §5.3): only the first is counted");
            break;
        case AddResult::filtered_out: break;
    }
}

}  // namespace

const FileEntry& Collector::add_input(const std::string& path, bool named) {
    FileEntry& entry = m_aggregator.add_file(path);
    const auto visit = [&](FoundReport&& found) { add_report(m_aggregator, entry, found); };
    InputOutcome outcome;
    if (path == "-") {
        // RFC 8460 §7: stdin is capped like a file.
        std::string bytes;
        std::array<char, 64 * 1024> chunk{};
        while (std::cin.read(chunk.data(), chunk.size()) || std::cin.gcount() > 0) {
            bytes.append(chunk.data(), static_cast<std::size_t>(std::cin.gcount()));
            if (bytes.size() > k_max_compressed_bytes) {
                outcome.error = "larger than " + std::to_string(k_max_compressed_bytes) + " bytes (refused)";
                break;
            }
        }
        if (!outcome.error) outcome = read_input_bytes(bytes, "-", visit);
    } else {
        outcome = read_input_file(path, visit, !named);
    }
    for (auto& warning : outcome.warnings) entry.warnings.push_back("warning: " + warning);
    if (outcome.unknown_kind && !named) {
        // A folder may hold other files (a README, an index): skipped, not an error.
        entry.warnings.push_back("info: skipped: not a report, an e-mail or gzip");
    } else if (outcome.error && !entry.error) {
        entry.error = *outcome.error;
    }
    if (entry.error) m_any_error = true;
    return entry;
}

const FileEntry& Collector::add_missing(const std::string& path, const std::string& reason) {
    FileEntry& entry = m_aggregator.add_file(path);
    entry.error = reason;
    m_any_error = true;
    return entry;
}

}  // namespace mtasts::report
