// RFC 6125 §6.4.3 as narrowed by RFC 8461 §3.3 / §4.2 and RFC 9525: SAN dNSNames only, the
// wildcard only as the whole left-most label, covering exactly one non-empty label.
#include "mtasts/rfc/cert_names.hpp"

#include <algorithm>

#include "mtasts/rfc/names.hpp"

namespace mtasts::rfc {
namespace {

// The first label and the rest ("a", "example.com") of a name; rest is empty for one label.
std::pair<std::string_view, std::string_view> split_first_label(std::string_view name) {
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return {name, {}};
    return {name.substr(0, dot), name.substr(dot + 1)};
}

bool is_a_label(std::string_view label) {
    return label.size() >= 4 && label.substr(0, 4) == "xn--";
}

// Whether `pattern` (left-most label of a SAN with a '*' somewhere) covers `label` as a
// partial-label wildcard like "mx*" or "*mx" or "m*x".
bool partial_wildcard_matches(std::string_view pattern, std::string_view label) {
    const auto star = pattern.find('*');
    if (pattern.find('*', star + 1) != std::string_view::npos) return false;  // one '*' only
    const std::string_view before = pattern.substr(0, star);
    const std::string_view after = pattern.substr(star + 1);
    if (label.size() < before.size() + after.size()) return false;
    return label.starts_with(before) && label.ends_with(after) && !is_a_label(label);
}

NameMatch match_one(std::string_view host, std::string_view san) {
    if (san.empty()) return NameMatch::none;
    if (host == san) return NameMatch::exact;
    const auto [san_first, san_rest] = split_first_label(san);
    const auto [host_first, host_rest] = split_first_label(host);
    if (san_first.find('*') == std::string_view::npos) return NameMatch::none;
    // The wildcard never reaches past the left-most label and needs at least two labels after it.
    if (san_rest.find('*') != std::string_view::npos || san_rest.find('.') == std::string_view::npos) return NameMatch::none;
    if (host_first.empty() || host_rest != san_rest) return NameMatch::none;
    if (san_first == "*") return NameMatch::wildcard;
    return partial_wildcard_matches(san_first, host_first) ? NameMatch::partial_wildcard : NameMatch::none;
}

}  // namespace

NameMatch match_host_to_sans(std::string_view host, std::span<const std::string> san_dns_names) {
    const std::string wanted = canonical_host(host);
    NameMatch best = NameMatch::none;
    for (const std::string& san : san_dns_names) {
        const NameMatch match = match_one(wanted, canonical_host(san));
        // exact beats wildcard beats partial_wildcard beats none.
        if (match == NameMatch::exact) return match;
        if (match == NameMatch::wildcard || (match == NameMatch::partial_wildcard && best == NameMatch::none)) best = match;
    }
    return best;
}

}  // namespace mtasts::rfc
