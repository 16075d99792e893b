#include <iostream>

#include "mtasts/model/verdict.hpp"
#include "mtasts/report/options.hpp"

namespace mtasts::report {

int run_report(const ReportOptions& options) {
    (void)options;
    std::cerr << "mta-sts-check: report is not available yet\n";
    return model::k_exit_usage;
}

}  // namespace mtasts::report
