#pragma once
// The rules of the history kept between runs (--state): which snapshots senders may still hold
// and what the next run should remember. Pure: the clock is passed in; the state file module
// (src/check/live/state_file.cpp) only reads and writes what these functions decide.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mtasts/model/history.hpp"

namespace mtasts::check {

// At most this many snapshots are kept per domain: enough for a few changes within a max_age.
inline constexpr std::size_t k_max_snapshots = 8;

// Lower-case hex SHA-256 of `bytes` (OpenSSL EVP): how a policy body is remembered.
std::string sha256_hex(std::string_view bytes);

// Whether senders that fetched `snapshot` may still apply it at `now` (inside its max_age).
bool still_cached(const model::PolicySnapshot& snapshot, std::int64_t now);

// The history to store after a run: `before` without expired snapshots, plus `current` (the
// policy this run fetched, if it was usable) replacing an equal id+body, at most k_max_snapshots.
// A run without a usable policy passes nullopt and so keeps what senders may still hold.
model::DomainHistory next_history(model::DomainHistory before, const std::optional<model::PolicySnapshot>& current,
                                  std::int64_t now);

}  // namespace mtasts::check
