#include <iostream>

#include "mtasts/check/run.hpp"

namespace mtasts::check {

int run_check(const CheckOptions& options) {
    (void)options;
    std::cerr << "mta-sts-check: the live check is not available yet; use 'mta-sts-check lint'\n";
    return model::k_exit_usage;
}

}  // namespace mtasts::check
