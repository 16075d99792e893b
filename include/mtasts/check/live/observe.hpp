#pragma once
// The live check without its verdicts: every domain of CheckOptions::domains looked up,
// fetched and probed on one event loop (at most --jobs at a time), each finished observation
// handed over as plain data. What the commands that check live domains (the check itself,
// promote) share; each evaluates and prints on its own.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "mtasts/check/options.hpp"
#include "mtasts/model/observation.hpp"

namespace mtasts::check::live {

// Gets each domain's observation once it is complete: `index` into CheckOptions::domains, and
// how long the domain took. Runs on the loop, in the order the domains finish.
using Observed = std::function<void(std::size_t index, model::Observation observation, std::int64_t elapsed_ms)>;

// Observes every domain of `options.domains` (normalised) with the network settings of
// `options` and returns when all are done. A resolver that denies the DNS root makes every
// "no such record" of the run a failed lookup (model::distrust_negative_answers). When
// `keep_going` is given and says false, no further domain is started (those in flight finish).
void observe_domains(const CheckOptions& options, const Observed& observed,
                     const std::function<bool()>& keep_going = nullptr);

}  // namespace mtasts::check::live
