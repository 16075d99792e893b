#pragma once
// Entry points of the commands that check domains; each returns the process exit status.
#include "mtasts/check/options.hpp"

namespace mtasts::check {

// `mta-sts-check DOMAIN...`: the live check over DNS, HTTPS and SMTP.
int run_check(const CheckOptions& options);

// `mta-sts-check lint`: the same findings offline, from what the options give.
int run_lint(const LintOptions& options);

}  // namespace mtasts::check
