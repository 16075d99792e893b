#include <iostream>

#include "mtasts/check/run.hpp"

namespace mtasts::check {

int run_lint(const LintOptions& options) {
    (void)options;
    std::cerr << "mta-sts-check: lint is not available yet\n";
    return model::k_exit_usage;
}

}  // namespace mtasts::check
