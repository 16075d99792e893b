// Counting a scan's domains (man page, SUMMARIZE, for what each count means).
#include "mtasts/summarize/aggregate.hpp"

#include <algorithm>
#include <map>

#include "mtasts/base/counts.hpp"

namespace mtasts::summarize {
namespace {

void count_mode(const DomainLine& domain, ModeCounts& modes) {
    // RFC 8461 §3.2: the three modes; any other word makes the policy invalid for senders.
    const std::string mode = domain.mode.value_or("");
    if (mode == "enforce")
        ++modes.enforce;
    else if (mode == "testing")
        ++modes.testing;
    else if (mode == "none")
        ++modes.none;
    else
        ++modes.no_policy;
}

// The headline: among the domains that put a TXT record at _mta-sts (they meant to publish
// MTA-STS), those with an error or warning, and those whose enforce policy makes senders that
// honour it (RFC 8461 §5) refuse at least one of their MX hosts.
void count_headline(const DomainLine& domain, Summary& summary) {
    if (!domain.publishes_record) return;
    ++summary.publishing;
    if (domain.misconfigured) ++summary.misconfigured.count;
    if (domain.mode == "enforce" && domain.mx_refused) ++summary.losing_mail.count;
}

std::vector<FindingRow> finding_rows(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<FindingRow> rows;
    for (auto& [id, domains] : base::by_count(counts)) rows.push_back({std::move(id), domains});
    return rows;
}

std::vector<ProviderRow> provider_rows(std::map<std::string, model::VerdictTally> providers) {
    std::vector<ProviderRow> rows;
    for (auto& [name, verdicts] : providers) rows.push_back({name, verdicts});
    std::ranges::stable_sort(
        rows, [](const ProviderRow& a, const ProviderRow& b) { return a.verdicts.total() > b.verdicts.total(); });
    return rows;
}

}  // namespace

std::optional<double> Share::fraction() const {
    if (of == 0) return std::nullopt;
    return static_cast<double>(count) / static_cast<double>(of);
}

std::vector<std::string> providers_of(const DomainLine& domain, const rfc::PublicSuffixList& suffixes) {
    std::vector<std::string> providers;
    for (const auto& host : domain.mx_hosts) {
        // A null MX (RFC 7505) is the root name, which no provider serves.
        if (host.empty()) continue;
        providers.push_back(suffixes.registrable_domain(host).value_or(host));
    }
    std::ranges::sort(providers);
    const auto repeated = std::ranges::unique(providers);
    providers.erase(repeated.begin(), repeated.end());
    if (providers.empty()) providers.emplace_back(k_no_mx_provider);
    return providers;
}

Summary aggregate(std::span<const DomainLine> domains, const rfc::PublicSuffixList& suffixes) {
    Summary summary;
    std::map<std::string, std::uint64_t> findings;
    std::map<std::string, model::VerdictTally> providers;
    for (const DomainLine& domain : domains) {
        ++summary.domains;
        summary.verdicts.add(domain.verdict);
        count_mode(domain, summary.modes);
        count_headline(domain, summary);
        for (const auto& id : domain.finding_ids) ++findings[id];
        for (const auto& provider : providers_of(domain, suffixes)) providers[provider].add(domain.verdict);
    }
    summary.misconfigured.of = summary.publishing;
    summary.losing_mail.of = summary.publishing;
    summary.findings = finding_rows(findings);
    summary.providers = provider_rows(std::move(providers));
    return summary;
}

}  // namespace mtasts::summarize
