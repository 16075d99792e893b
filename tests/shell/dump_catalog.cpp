// Prints the finding catalog as tab-separated lines (id, severity, rfc, result type, title,
// hint), so that the completion tests compare the ids each shell offers with the catalog itself
// instead of parsing include/mtasts/model/catalog_table.hpp.
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
