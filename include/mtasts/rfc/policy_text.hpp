#pragma once
// What an administrator publishes for MTA-STS, written out: a policy body (RFC 8461 §3.2) and
// a new policy id (§3.1). Pure: the time is passed in. Shared by the commands that propose a
// policy (promote), so that every proposal is written the same way.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/rfc/policy.hpp"

namespace mtasts::rfc {

// A new id for the _mta-sts record from the UTC time `epoch_seconds`: "YYYYMMDDTHHMMSS", 15
// alphanumerics, so it fits `1*32(ALPHA / DIGIT)` (RFC 8461 §3.1) and a later one sorts after.
// A change must not reuse `served_id`: within its second the id gets a suffix 2, 3, ...
std::string policy_id_at(std::int64_t epoch_seconds, const std::optional<std::string>& served_id = std::nullopt);

// The policy body with `mode`, one "mx:" line per pattern in order, and `max_age`, each line
// ended by CRLF (RFC 8461 §3.2: lines end in CRLF; some senders accept nothing else).
std::string render_policy_body(PolicyMode mode, const std::vector<std::string>& mx_patterns, std::int64_t max_age);

// The _mta-sts TXT record announcing the policy with `id`: "v=STSv1; id=ID" (RFC 8461 §3.1).
std::string sts_record_text(const std::string& id);

}  // namespace mtasts::rfc
