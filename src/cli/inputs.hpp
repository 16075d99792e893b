#pragma once
// Reading and validating what the user hands the check: domain names, domain files, resolvers.
// Every function throws UsageError with a message naming the bad input.
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::cli {

// Domains from FILE ('-' = stdin): one per line, '#' starts a comment, blank lines and CR ignored.
std::vector<std::string> read_domain_list(const std::string& path);

// The canonical form of one domain, or UsageError("malformed domain 'x': why").
std::string normalize_domain_or_throw(std::string_view input);

// Every domain normalised, duplicates dropped (first kept); all bad ones named in one error.
std::vector<std::string> normalize_domains(const std::vector<std::string>& inputs);

// "IP", "IP:PORT", "[IPv6]" or "[IPv6]:PORT" to c-ares' "IP:PORT" / "[IPv6]:PORT" form.
std::string parse_resolver(std::string_view text);

}  // namespace mtasts::cli
