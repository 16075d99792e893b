#pragma once
// Tables of counts as people read them: largest first. Shared by the summaries of report
// (TLS-RPT sessions) and summarize (domains of a scan). Never fails.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mtasts::base {

// Entries of a count map, largest first, ties by name.
inline std::vector<std::pair<std::string, std::uint64_t>> by_count(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<std::pair<std::string, std::uint64_t>> rows(counts.begin(), counts.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return rows;
}

}  // namespace mtasts::base
