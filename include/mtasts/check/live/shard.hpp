#pragma once
// --shard K/N: one domain list split over N processes (or machines) that never talk to each
// other. Each domain belongs to exactly one shard, chosen from its normalised name by a hash
// whose value is fixed by its definition, the same on every machine, architecture, compiler and
// version of this program: FNV-1a 64 (draft-eastlake-fnv), never std::hash. The man page
// (--shard) documents the rule, so other tools can split a list the same way.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::check::live {

// Shard `index` (1-based) of `count`.
struct Shard {
    unsigned index = 1;
    unsigned count = 1;
};

inline constexpr unsigned k_max_shards = 10000;

// Parses "K/N" (decimal, 1 <= K <= N <= 10000); the error says what is wrong with the text.
std::expected<Shard, std::string> parse_shard(std::string_view text);

// The 64-bit FNV-1a hash of `bytes` (offset basis 14695981039346656037, prime 1099511628211).
std::uint64_t fnv1a_64(std::string_view bytes);

// The shard (1..count) a normalised domain belongs to: fnv1a_64(domain) mod count, plus one.
unsigned shard_of(std::string_view domain, unsigned count);

// The domains of `domains` that belong to `shard`, in their order.
std::vector<std::string> select_shard(std::vector<std::string> domains, Shard shard);

}  // namespace mtasts::check::live
