#pragma once
// The machine formats for CI systems and monitoring (junit, github, sarif, openmetrics) over a
// whole run. junit, sarif and openmetrics are one document for all domains, so the caller
// collects the reports and writes them at the end; github is one line per finding and streams.
// Every string from the wire is escaped for its format; nothing here throws on hostile bytes.
#include <iosfwd>
#include <optional>
#include <span>
#include <string>

#include "mtasts/model/report.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/render/output.hpp"

namespace mtasts::render {

// What the formats need besides the reports.
struct RunContext {
    model::FailOn fail_on = model::FailOn::error;  // findings at or above it are failures / ::error
    std::optional<std::string> policy_path;         // lint --policy FILE (not "-"): SARIF points into it
};

// Whether `format` is written once for the whole run (true) rather than per domain.
bool is_whole_run_format(Format format);

// Whether `format` is one of junit, github, sarif, openmetrics.
bool is_ci_format(Format format);

// Writes `reports` (in input order) as one document of a whole-run format.
void render_document(std::ostream& out, std::span<const model::DomainReport> reports, Format format,
                     const RunContext& context);

// JUnit XML: one <testsuites>, a <testsuite> per domain, a <testcase> per check area.
void render_junit(std::ostream& out, std::span<const model::DomainReport> reports, const RunContext& context);

// GitHub Actions workflow commands of one domain (::error, ::warning, ::notice), one per finding.
void render_github(std::ostream& out, const model::DomainReport& report, const RunContext& context);

// SARIF 2.1.0: one run, a rule per catalog id, a result per finding.
void render_sarif(std::ostream& out, std::span<const model::DomainReport> reports, const RunContext& context);

// Prometheus / OpenMetrics text exposition of the run's gauges, ending in "# EOF".
void render_openmetrics(std::ostream& out, std::span<const model::DomainReport> reports);

}  // namespace mtasts::render
