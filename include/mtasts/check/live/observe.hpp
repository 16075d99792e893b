#pragma once
// The live check without its verdicts: every domain of CheckOptions::domains looked up,
// fetched and probed on one event loop (at most --jobs at a time), each finished observation
// handed over as plain data. What the commands that check live domains (the check itself,
// promote) share; each evaluates and prints on its own.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "mtasts/check/options.hpp"
#include "mtasts/model/observation.hpp"
#include "mtasts/model/session_counts.hpp"

namespace mtasts::check::live {

// Gets each domain's observation once it is complete: `index` into CheckOptions::domains, and
// how long the domain took. Runs on the loop, in the order the domains finish.
using Observed = std::function<void(std::size_t index, model::Observation observation, std::int64_t elapsed_ms)>;

// The domains in flight: how many, and how many have run longer than `k_slow_domain` (most
// likely waiting out a server that never answers), so a long stall does not look like a hang.
struct InFlight {
    std::size_t running = 0;
    std::size_t slow = 0;
};
inline constexpr std::chrono::seconds k_slow_domain{10};

// Gets the domains in flight about once a second while the run lasts.
using Progress = std::function<void(const InFlight& in_flight)>;

// Observes every domain of `options.domains` (normalised) with the network settings of
// `options` and returns when all are done. A resolver that denies the DNS root makes every
// "no such record" of the run a failed lookup (model::distrust_negative_answers). `progress`
// hears about the domains in flight; when `keep_going` is given and says false, no further
// domain is started (those in flight finish). Returns what the run's SMTP sessions cost.
model::SessionCounts observe_domains(const CheckOptions& options, const Observed& observed,
                                     const Progress& progress = {}, const std::function<bool()>& keep_going = nullptr);

}  // namespace mtasts::check::live
