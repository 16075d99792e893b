// The narrowest mx patterns that cover a set of MX hosts (RFC 8461 §3.2, §4.1).
#include "mtasts/generate/patterns.hpp"

#include <algorithm>
#include <map>

#include "mtasts/rfc/policy.hpp"

namespace mtasts::generate {
namespace {

// "mx1.example.net" -> "example.net"; empty for a single label.
std::string parent_of(const std::string& host) {
    const std::size_t dot = host.find('.');
    return dot == std::string::npos ? std::string() : host.substr(dot + 1);
}

// "*.com" would accept any host of a top-level domain (policy.mx-wildcard-broad): a parent
// needs two labels at least.
bool may_fold_into(const std::string& parent) {
    return parent.find('.') != std::string::npos;
}

}  // namespace

std::vector<std::string> narrowest_patterns(const std::vector<std::string>& hosts, bool wildcard) {
    std::map<std::string, std::size_t> per_parent;
    std::vector<std::string> unique;
    for (const std::string& host : hosts) {
        if (std::ranges::find(unique, host) != unique.end()) continue;
        unique.push_back(host);
        ++per_parent[parent_of(host)];
    }
    std::vector<std::string> patterns;
    for (const std::string& host : unique) {
        const std::string parent = parent_of(host);
        const bool fold = wildcard && per_parent[parent] > 1 && may_fold_into(parent);
        const std::string pattern = fold ? "*." + parent : host;
        if (std::ranges::find(patterns, pattern) == patterns.end()) patterns.push_back(pattern);
    }
    return patterns;
}

std::vector<std::string> patterns_for_hosts(const std::vector<std::string>& served,
                                            const std::vector<std::string>& hosts, bool wildcard) {
    std::vector<std::string> patterns;
    for (const std::string& pattern : served) {
        const bool used =
            std::ranges::any_of(hosts, [&](const std::string& host) { return rfc::mx_pattern_matches(pattern, host); });
        if (used && std::ranges::find(patterns, pattern) == patterns.end()) patterns.push_back(pattern);
    }
    std::vector<std::string> uncovered;
    for (const std::string& host : hosts)
        if (!rfc::mx_covered(patterns, host)) uncovered.push_back(host);
    for (std::string& pattern : narrowest_patterns(uncovered, wildcard)) patterns.push_back(std::move(pattern));
    return patterns;
}

}  // namespace mtasts::generate
