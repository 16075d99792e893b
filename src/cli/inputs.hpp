#pragma once
// Reading and validating what the user hands the check: domain names, domain files, resolvers.
// Every function throws UsageError with a message naming the bad input.
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/base/ip_address.hpp"

namespace mtasts::cli {

// One domain as the user gave it, and where: "FILE:LINE" for a list, empty for an argument.
struct ListedDomain {
    std::string text;
    std::string where;
};

// Domains from FILE ('-' = stdin): one per line, '#' starts a comment, blank lines and CR ignored.
// A line longer than 4096 bytes, more than 256 MiB or 10,000,000 lines end the read with a
// "FILE:LINE: ..." UsageError (so /dev/zero or a binary file stops at once).
std::vector<ListedDomain> read_domain_list(const std::string& path);

// The canonical form of one domain, or UsageError("malformed domain 'x': why").
std::string normalize_domain_or_throw(std::string_view input);

// Every domain normalised, duplicates dropped (first kept). Bad ones (malformed, or too long for
// _smtp._tls. in front) are named with FILE:LINE, the first 20 of them: in one UsageError, or
// with `skip_invalid` written to `notes` and left out (UsageError when none is left).
std::vector<std::string> normalize_domains(const std::vector<ListedDomain>& inputs, bool skip_invalid, std::ostream& notes);

// "IP", "IP:PORT", "[IPv6]" or "[IPv6]:PORT" (port 53 when none is given) as an endpoint.
base::IpEndpoint parse_resolver(std::string_view text);

}  // namespace mtasts::cli
