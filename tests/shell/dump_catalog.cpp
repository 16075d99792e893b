// Prints the finding catalog as tab-separated lines (id, severity, rfc, result type, title,
// hint), so that the shell tests compare the man page, docs/findings.md and the completions
// with the catalog itself instead of parsing src/model/catalog.cpp.
#include <iostream>

#include "mtasts/model/catalog.hpp"
#include "mtasts/model/finding.hpp"

int main() {
    for (const auto& entry : mtasts::model::catalog()) {
        std::cout << entry.id << '\t' << mtasts::model::to_string(entry.severity) << '\t' << entry.rfc << '\t'
                  << entry.tlsrpt_result_type << '\t' << entry.title << '\t' << entry.hint << '\n';
    }
    return 0;
}
