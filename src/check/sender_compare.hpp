#pragma once
// Internal to src/check: comparing what a modelled sender implementation does with the RFC 8461
// reading of the same data (include/mtasts/check/sender_models.hpp holds the models).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate_parts.hpp"
#include "mtasts/check/sender_models.hpp"

namespace mtasts::check::senders {

// Everything a comparison needs, gathered once per domain.
struct CompareContext {
    const Observation& observation;
    const StsOutcome& sts;
    const PolicyOutcome& policy;
    model::DomainReport& report;
    SenderPolicy rfc;  // the RFC reading in the models' terms (found = a policy is in force)
    bool sts_valid = false;            // the RFC reading keeps the record
    std::vector<std::string> records;  // the _mta-sts TXT RRset (lint without a record: one made up)
    std::optional<HttpAnswer> answer;  // the policy answer the models read; nullopt: none came
};

// One departure found, before it becomes a finding and a JSON row.
struct Departure {
    model::FindingId id;  // sender.* catalog id
    bool mail_differs = false;  // warning when true, info when only acceptance differs
    model::SenderDifference row;
};

// The mode that decides delivery: "enforce", "testing", or "" when no policy is in force
// (a policy in mode none is the same as none at all, RFC 8461 §5).
std::string effective_mode(const SenderPolicy& policy, std::string_view implementation);

// "mode enforce, max_age 604800, mx a.example b.example" or "no policy (why)".
std::string describe(const SenderPolicy& policy);

// Whether a sender delivers to this MX host under the given implementation's reading:
// nullopt when no address was judged (lint, --no-smtp, unreachable).
std::optional<bool> implementation_delivers(const CompareContext& context, const MxHostObservation& host,
                                            std::string_view implementation, const SenderPolicy& policy);

// Whether a sender reading RFC 8461 delivers to this MX host: covered by a pattern (§4.1) and an
// address whose certificate names it (§4.2), behind the same TLS gate as the implementations.
std::optional<bool> rfc_delivers(const CompareContext& context, const MxHostObservation& host);

// Whether the two readings send mail to different MX hosts (unknown hosts count as different
// when one side enforces a policy and the other does not).
bool mail_outcome_differs(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy);

// The per-MX departures when both readings enforce a policy: wildcard depth, and for Postfix
// the certificate names checked instead of the MX host name.
std::vector<Departure> mx_departures(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy);

// The policy-as-a-whole departures: found or not, mode, max_age, id.
std::vector<Departure> policy_departures(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy);

}  // namespace mtasts::check::senders
