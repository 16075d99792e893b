#pragma once
// What `generate` decides, from plain data: the plan of a new policy (from --mode, --max-age,
// --mx or the live MX hosts, --rua) or of a change to the served one (--from-live), each checked
// with the evaluator lint uses so that what generate writes passes `lint` without an error or a
// warning. Pure: the clock and the live facts are passed in. A bad input throws
// model::UsageError with a message naming it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/generate/artefacts.hpp"
#include "mtasts/model/finding.hpp"
#include "mtasts/model/observation.hpp"

namespace mtasts::generate {

// The options of one `generate` run, as given.
struct Request {
    std::string domain;                   // normalised
    std::optional<rfc::PolicyMode> mode;  // --mode (testing or enforce)
    std::optional<std::int64_t> max_age;  // --max-age
    std::vector<std::string> mx;          // --mx, as typed
    std::vector<std::string> rua;         // --rua, as typed
    bool wildcard = false;                // --wildcard
};

// The plan of a new policy covering `mx_hosts` (canonical names), with the id of time `now`.
Plan plan_new(const Request& request, const std::vector<std::string>& mx_hosts, std::int64_t now);

// The --mx names in canonical form; UsageError naming a malformed one (wildcards included:
// --wildcard makes them).
std::vector<std::string> given_mx_hosts(const std::vector<std::string>& typed);

// Every finding at warning or above that `lint` would give on the plan's policy, records and
// `mx_hosts`: empty for every plan this module makes.
model::Findings lint_problems(const Plan& plan, const std::vector<std::string>& mx_hosts, std::int64_t now);

// The live MX hosts of an observation; UsageError when there are none (null MX, no MX records).
// An inconclusive lookup is `inconclusive` set with the reason.
struct LiveMx {
    std::vector<std::string> hosts;
    std::optional<std::string> inconclusive;
};
LiveMx live_mx_hosts(const model::Observation& observation);

// The policy a domain serves (the first address that answered 200), its usable rua, and why
// there is none: `inconclusive` when a lookup or fetch failed, UsageError when it is definite.
struct Served {
    std::string url;
    std::string body;
    rfc::Policy policy;
    std::optional<std::string> id;  // of the _mta-sts record, when there is one
    std::vector<std::string> rua;   // of the usable _smtp._tls record
    std::optional<std::string> inconclusive;
};
Served served_policy(const model::Observation& observation);

// The plan of a change: the served policy's mode and max_age unless given, patterns that cover
// `mx_hosts` (patterns_for_hosts), the served rua unless given, and an id of time `now` that
// differs from the served one (a suffix 2, 3, ... when both fall in the same second).
Plan plan_change(const Request& request, const Served& served, const std::vector<std::string>& mx_hosts, std::int64_t now);

}  // namespace mtasts::generate
