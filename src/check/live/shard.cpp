// --shard K/N: which domains of a list one process of N checks (include/mtasts/check/live/shard.hpp).
#include "mtasts/check/live/shard.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace mtasts::check::live {
namespace {

constexpr std::uint64_t k_fnv_offset_basis = 14695981039346656037ULL;
constexpr std::uint64_t k_fnv_prime = 1099511628211ULL;

// A whole decimal number (no sign, no space), or nullopt.
std::optional<unsigned> whole_number(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::expected<Shard, std::string> parse_shard(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::unexpected("expected K/N, such as 1/4");
    const auto index = whole_number(text.substr(0, slash));
    const auto count = whole_number(text.substr(slash + 1));
    if (!index || !count) return std::unexpected("expected K/N with K and N whole numbers, such as 1/4");
    if (*count < 1 || *count > k_max_shards)
        return std::unexpected("N must be from 1 to " + std::to_string(k_max_shards));
    if (*index < 1 || *index > *count) return std::unexpected("K must be from 1 to N (" + std::to_string(*count) + ")");
    return Shard{*index, *count};
}

std::uint64_t fnv1a_64(std::string_view bytes) {
    std::uint64_t hash = k_fnv_offset_basis;
    for (const char byte : bytes) {
        hash ^= static_cast<unsigned char>(byte);
        hash *= k_fnv_prime;
    }
    return hash;
}

unsigned shard_of(std::string_view domain, unsigned count) {
    return static_cast<unsigned>(fnv1a_64(domain) % count) + 1;
}

std::vector<std::string> select_shard(std::vector<std::string> domains, Shard shard) {
    std::erase_if(domains, [shard](const std::string& domain) { return shard_of(domain, shard.count) != shard.index; });
    return domains;
}

}  // namespace mtasts::check::live
