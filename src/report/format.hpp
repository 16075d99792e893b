#pragma once
// Small formatting helpers shared by the report renderers (private to src/report).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/base/counts.hpp"
#include "mtasts/report/aggregate.hpp"
#include "mtasts/report/explain.hpp"

namespace mtasts::report::detail {

// Said when a sum stopped at 2^64-1 (Summary::saturated) instead of wrapping to a small number.
inline constexpr const char* k_saturated_note =
    "Some counts reached 18446744073709551615 and stopped there: the real sums are larger.";

// Success rate as "99.95%", or "n/a" without sessions. Never rounds a failure up to 100%.
inline std::string success_rate(std::uint64_t successful, std::uint64_t failed) {
    const std::uint64_t total = successful + failed;
    if (total == 0) return "n/a";
    const double rate = 100.0 * static_cast<double>(successful) / static_cast<double>(total);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f%%", failed > 0 && rate > 99.99 ? 99.99 : rate);
    return buffer;
}

// Count tables, largest first (mtasts/base/counts.hpp).
using base::by_count;

// The finding ids that diagnose `result_type` live, comma-separated; empty when none does.
inline std::string live_check_ids(std::string_view result_type) {
    std::string list;
    for (const auto& id : findings_for_result_type(result_type)) list += (list.empty() ? "" : ", ") + id;
    return list;
}

// A policy domain as shown: the RFC lets no-policy-found entries omit it.
inline std::string shown_domain(const std::string& domain) {
    return domain.empty() ? "(no policy-domain)" : domain;
}

// The policy-string variants of a policy, oldest first (by when they were last seen), so that
// the last one is what senders see now and earlier ones are stale caches.
inline std::vector<const PolicyStringsSeen*> variants_by_date(const PolicySummary& policy) {
    std::vector<const PolicyStringsSeen*> out;
    for (const auto& seen : policy.policy_strings) out.push_back(&seen);
    std::stable_sort(out.begin(), out.end(), [](const PolicyStringsSeen* a, const PolicyStringsSeen* b) {
        return a->last_seen.value_or(0) < b->last_seen.value_or(0);
    });
    return out;
}

}  // namespace mtasts::report::detail
