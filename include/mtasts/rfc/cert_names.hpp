#pragma once
// Matching a host name against a certificate's SAN dNSNames (RFC 6125 §6.4, RFC 8461 §3.3,
// §4.2). No CN fallback. Pure.
#include <span>
#include <string>
#include <string_view>

namespace mtasts::rfc {

enum class NameMatch {
    none,              // no SAN covers the host
    exact,             // a SAN equals the host
    wildcard,          // "*.suffix" covers exactly one left-most label
    partial_wildcard,  // only a partial-label wildcard ("mx*.example.com") covers it
};

// The best match of `host` among `san_dns_names`.
NameMatch match_host_to_sans(std::string_view host, std::span<const std::string> san_dns_names);

}  // namespace mtasts::rfc
