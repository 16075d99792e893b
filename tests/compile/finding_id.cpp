// Built twice by tests/compile/CMakeLists.txt: with a catalog id it compiles (part of the normal
// build), with a misspelt one the compiler must refuse it (FindingId, include/mtasts/model/catalog.hpp).
#include "mtasts/model/finding.hpp"

mtasts::model::Finding finding_of_the_id() {
    return mtasts::model::make_finding(MTASTS_FINDING_ID, "mx1.example.com", "STARTTLS is not offered");
}
