#pragma once
// The evaluator: observations (include/mtasts/model/observation.hpp) in, report out. Pure (no I/O, no clock: `now` is in the
// observation), so every finding can be unit-tested from plain data.
#include <set>
#include <string>

#include "mtasts/model/observation.hpp"
#include "mtasts/model/report.hpp"

namespace mtasts::check {

// Derives every finding, covered_by_policy / deliverable_under_policy per MX, and the facts
// of the report. Findings whose id is in `ignored_ids` (--ignore) stay listed, marked ignored,
// and do not count in the verdict.
model::DomainReport evaluate(const model::Observation& observation, const std::set<std::string, std::less<>>& ignored_ids = {});

// The same evaluation with a served testing policy read as if its mode were enforce (what
// `promote` asks: would every MX still get mail?). The policy facts keep the served mode; the
// MX findings take their enforce severities and deliverable_under_policy is the enforce verdict
// (RFC 8461 §5). A policy in another mode, or none, is evaluated as served.
model::DomainReport evaluate_as_enforced(const model::Observation& observation);

}  // namespace mtasts::check
