#pragma once
// The mx patterns of a proposed policy (RFC 8461 §3.2, §4.1): the narrowest that cover the MX
// hosts. A "*." pattern matches exactly one leftmost label, so "*.example.net" covers
// mx1.example.net but neither example.net nor a.mx1.example.net. Pure.
#include <string>
#include <vector>

namespace mtasts::generate {

// Patterns covering `hosts` (canonical names): each host once, in order; with `wildcard`, hosts
// that share a parent of at least two labels become one "*.parent" (never "*.com").
std::vector<std::string> narrowest_patterns(const std::vector<std::string>& hosts, bool wildcard);

// Patterns for a changed MX set: the `served` patterns that still match a host, in their order,
// then the narrowest patterns of the hosts none of them covers; stale patterns are dropped.
std::vector<std::string> patterns_for_hosts(const std::vector<std::string>& served,
                                            const std::vector<std::string>& hosts, bool wildcard);

}  // namespace mtasts::generate
