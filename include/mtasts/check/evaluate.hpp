#pragma once
// The evaluator: observations in, report out. Pure (no I/O, no clock: `now` is in the
// observation), so every finding can be unit-tested from plain data.
#include "mtasts/check/observation.hpp"
#include "mtasts/model/report.hpp"

namespace mtasts::check {

// Derives every finding, covered_by_policy / deliverable_under_policy per MX, and the facts
// of the report. The verdict is set from the findings; ignores are applied by the caller.
model::DomainReport evaluate(const Observation& observation);

}  // namespace mtasts::check
