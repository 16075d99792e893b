#pragma once
// What the command line asks of `mta-sts-check report` (filled by src/cli, read by src/report).
#include <optional>
#include <string>
#include <vector>

#include "mtasts/render/output.hpp"

namespace mtasts::report {

struct ReportOptions {
    std::vector<std::string> inputs;  // files, folders, mbox, Maildir; "-" = one report on stdin
    render::Format format = render::Format::text;
    render::ColorMode color = render::ColorMode::automatic;
    std::optional<std::string> output_path;  // -o: write there instead of stdout
    std::optional<std::string> domain;       // --domain: only this policy domain
    std::optional<std::string> since;        // --since DATE (YYYY-MM-DD or RFC 3339)
    std::optional<std::string> until;        // --until DATE
    bool skip_invalid = false;               // --skip-invalid: broken inputs do not fail the run
    bool quiet = false;
};

// Runs the report command and returns the process exit status (docs/report.md, Exit status).
int run_report(const ReportOptions& options);

}  // namespace mtasts::report
