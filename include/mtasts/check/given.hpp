#pragma once
// What `lint` judges, as plain data: the records, policy body and MX names a user is about to
// publish, turned into the same model::Observation the live check fills, so that lint and
// `generate` (which checks its own output) get the evaluator's findings. Pure: no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/model/observation.hpp"

namespace mtasts::check {

// What is given instead of looked up; an empty part is left out of the observation.
struct GivenRecords {
    std::optional<std::string> domain;        // the policy domain; names read "DOMAIN" without it
    std::optional<std::string> policy_body;   // the body as it would be served
    std::vector<std::string> sts_records;     // the whole TXT RRset at _mta-sts
    std::vector<std::string> tlsrpt_records;  // the whole TXT RRset at _smtp._tls
    std::vector<std::string> mx_hosts;        // MX host names, as typed
};

// The observation of `given` at time `now`. Throws model::UsageError naming a malformed MX name.
model::Observation given_observation(const GivenRecords& given, std::int64_t now);

}  // namespace mtasts::check
