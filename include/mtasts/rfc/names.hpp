#pragma once
// Domain names as users type them and as DNS returns them (RFC 1035 §2.3.4, RFC 5890).
#include <expected>
#include <string>
#include <string_view>

namespace mtasts::rfc {

// Turns user input into the canonical form used everywhere: lower case, A-labels, no trailing
// dot. The error says what is wrong in words a user can act on ("label 2 is empty", "is an IP
// address, not a domain", "longer than 253 octets", ...).
std::expected<std::string, std::string> normalize_domain(std::string_view input);

// A name in U-labels as A-labels (RFC 5890, IDNA2008 non-transitional), without the checks of
// normalize_domain: for names that are not mail domains, such as the rules of a public suffix list.
std::expected<std::string, std::string> to_a_labels(const std::string& name);

// Strips one trailing dot and lower-cases ASCII, for comparing names from DNS (RFC 8461 §4.1).
std::string canonical_host(std::string_view name);

}  // namespace mtasts::rfc
