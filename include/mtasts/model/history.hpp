#pragma once
// What the checker remembers about a domain between runs (--state): the policies senders may
// still hold in their caches (RFC 8461 §3.1, §3.2: a sender keeps a policy for max_age seconds
// and refetches only when the _mta-sts id changes). Plain data; the state file stores it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mtasts::model {

// One policy as a sender would have cached it from one successful fetch.
struct PolicySnapshot {
    std::string id;                // the _mta-sts record id it was fetched under
    std::string body_sha256;       // lower-case hex SHA-256 of the exact body bytes
    std::string mode;              // "enforce" | "testing" | "none"
    std::int64_t max_age = 0;      // seconds
    std::vector<std::string> mx;   // the valid mx patterns, lower-cased, in order
    std::int64_t fetched_at = 0;   // seconds since the epoch

    bool operator==(const PolicySnapshot&) const = default;
};

// The snapshots of one domain that senders may still hold, oldest first.
struct DomainHistory {
    std::vector<PolicySnapshot> snapshots;

    bool operator==(const DomainHistory&) const = default;
};

// Until when senders may apply a snapshot: fetch time plus max_age (RFC 8461 §3.2).
inline std::int64_t cache_expiry(const PolicySnapshot& snapshot) { return snapshot.fetched_at + snapshot.max_age; }

// What a run with --state knew and learnt about a domain (the "history" JSON key).
struct HistoryFacts {
    std::size_t snapshots_before = 0;       // snapshots the state file held for the domain
    std::vector<PolicySnapshot> cached;     // of those, the ones still inside max_age now
    std::optional<PolicySnapshot> current;  // the policy of this run, stored for the next one
};

}  // namespace mtasts::model
