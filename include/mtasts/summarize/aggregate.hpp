#pragma once
// The counts of a scan (man page, SUMMARIZE): verdicts, policy modes, finding ids, MX
// providers, and the two headline shares among the domains that publish a TXT record at
// _mta-sts: misconfigured, and losing mail from senders that honour MTA-STS. Pure: the domains
// and the public suffix list (rfc/public_suffix.hpp) come in, the counts go out.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mtasts/model/verdict.hpp"
#include "mtasts/rfc/public_suffix.hpp"
#include "mtasts/summarize/domain_line.hpp"

namespace mtasts::summarize {

// What one input gave.
struct InputStats {
    std::string path;                  // as named; "-" is standard input
    std::uint64_t lines = 0;           // lines that are not blank
    std::uint64_t invalid = 0;         // of them, lines that are no domain report
    std::optional<std::string> error;  // why the input could not be read (to its end)
};

// The mode of the policy a domain serves; no_policy: no _mta-sts record, or no valid mode read.
struct ModeCounts {
    std::uint64_t enforce = 0;
    std::uint64_t testing = 0;
    std::uint64_t none = 0;
    std::uint64_t no_policy = 0;
};

struct FindingRow {
    std::string id;
    std::uint64_t domains = 0;  // domains with at least one finding of this id, not ignored
};

// The domains whose MX hosts are at `provider` (a registrable domain), by verdict.
struct ProviderRow {
    std::string provider;
    model::VerdictTally verdicts;
};

// `count` of `of` domains.
struct Share {
    std::uint64_t count = 0;
    std::uint64_t of = 0;
    // count / of, or nullopt when there is no domain to share.
    std::optional<double> fraction() const;
};

// The provider name of domains without any MX host (no MX and no address, or a null MX).
inline constexpr const char* k_no_mx_provider = "(no MX host)";

struct Summary {
    std::vector<InputStats> inputs;
    std::uint64_t duplicates = 0;     // lines of a domain already read, dropped (the last line wins)
    std::uint64_t invalid_lines = 0;  // over every input
    std::uint64_t domains = 0;        // distinct domains counted
    model::VerdictTally verdicts;
    ModeCounts modes;
    std::vector<FindingRow> findings;    // most domains first, ties by id
    std::vector<ProviderRow> providers;  // most domains first, ties by name
    std::uint64_t publishing = 0;        // domains with a TXT record at _mta-sts
    Share misconfigured;                 // of those, with an error or warning finding not ignored
    Share losing_mail;                   // of those, mode enforce and an MX host a compliant sender refuses
};

// The counts of `domains` (each domain once); providers named by `suffixes`. Inputs,
// duplicates and invalid lines are the caller's to fill in.
Summary aggregate(std::span<const DomainLine> domains, const rfc::PublicSuffixList& suffixes);

// The providers of one domain: the registrable domain of each MX host, each once, sorted;
// k_no_mx_provider when it has no MX host.
std::vector<std::string> providers_of(const DomainLine& domain, const rfc::PublicSuffixList& suffixes);

}  // namespace mtasts::summarize
