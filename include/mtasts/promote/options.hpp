#pragma once
// What the command line asks of `mta-sts-check promote` (filled by src/cli, read by src/promote).
#include <string>
#include <vector>

#include "mtasts/check/options.hpp"

namespace mtasts::promote {

// `mta-sts-check promote DOMAIN --reports PATH... [--days N]`.
struct PromoteOptions {
    std::string domain;                // normalised, as the live check takes it
    std::vector<std::string> reports;  // files, folders, mbox, Maildir (the report command's inputs)
    unsigned days = 14;                // the window of reports: this many whole UTC days before today
    // The live check's network settings and the output format and colour (check.domains is
    // filled by run_promote).
    check::CheckOptions check;
};

// Runs the promote command and returns the process exit status (man page, promote): 0 ready
// or already enforced, 1 not ready. Throws model::UsageError for an unreadable input.
int run_promote(const PromoteOptions& options);

}  // namespace mtasts::promote
