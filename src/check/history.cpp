// History between runs: hashing a body, expiry and what to keep (RFC 8461 §3.1, §3.2).
#include "mtasts/check/history.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "mtasts/base/text.hpp"

namespace mtasts::check {

std::string sha256_hex(std::string_view bytes) {
    std::vector<std::uint8_t> digest(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
    digest.resize(length);
    return base::to_hex(digest);
}

bool still_cached(const model::PolicySnapshot& snapshot, std::int64_t now) {
    // RFC 8461 §3.2: max_age is counted from the fetch; at fetched_at + max_age it has run out.
    return model::cache_expiry(snapshot) > now;
}

model::DomainHistory next_history(model::DomainHistory before, const std::optional<model::PolicySnapshot>& current,
                                  std::int64_t now) {
    std::vector<model::PolicySnapshot>& snapshots = before.snapshots;
    std::erase_if(snapshots, [now](const model::PolicySnapshot& s) { return !still_cached(s, now); });
    if (current) {
        // The same policy fetched again: senders that refresh it now hold it until the new
        // fetch time plus max_age, so only the latest fetch counts.
        std::erase_if(snapshots, [&](const model::PolicySnapshot& s) {
            return s.id == current->id && s.body_sha256 == current->body_sha256;
        });
        snapshots.push_back(*current);
    }
    std::ranges::stable_sort(snapshots, {}, &model::PolicySnapshot::fetched_at);
    if (snapshots.size() > k_max_snapshots)
        snapshots.erase(snapshots.begin(), snapshots.end() - static_cast<std::ptrdiff_t>(k_max_snapshots));
    return before;
}

}  // namespace mtasts::check
