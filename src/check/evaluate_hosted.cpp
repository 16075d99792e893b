// Hosted setups (RFC 8461 §8.2): a provider serves the policy of mta-sts.D and the record
// _mta-sts.D, and often takes the reports of _smtp._tls.D, through three CNAMEs. Names the
// provider, says when the names point at different parties, and turns the certificate and MX
// coverage findings the provider causes into advice that sends the domain to its provider, and
// names a CNAME that leads nowhere.
#include <algorithm>
#include <span>
#include <string_view>

#include "evaluate_parts.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/names.hpp"
#include "mtasts/rfc/public_suffix.hpp"

namespace mtasts::check {
namespace {

// Who answers for `name`: the provider of its first CNAME target, or nullopt when not a CNAME.
model::HostedName hosted_name(const Observation& observation, std::string name, std::span<const std::string> chain) {
    model::HostedName hosted{std::move(name), std::nullopt, std::nullopt};
    if (chain.empty()) return hosted;
    const std::string target = rfc::canonical_host(chain.front());
    hosted.target = target;
    const auto known = observation.providers.find(target);
    hosted.provider = known != observation.providers.end()
                          ? known->second
                          : rfc::PublicSuffixList().registrable_domain(target).value_or(target);
    return hosted;
}

// What was seen of one of the three names: where it points, whether it has a record at all
// and whether its lookup failed (then who answers for it is unknown).
struct Seen {
    model::HostedName name;
    bool published = false;
    bool unknown = false;
    std::string_view record;  // what the name must have: "TXT record", "address (A/AAAA)"

    // A CNAME whose target has no record of the type asked (NXDOMAIN or NODATA).
    bool dangling() const { return name.target && !published && !unknown; }
};

Seen seen_txt(const Observation& observation, std::string name, const std::optional<TxtObservation>& txt) {
    if (!txt) return {hosted_name(observation, std::move(name), {}), false, true, "TXT record"};
    return {hosted_name(observation, std::move(name), txt->cname_chain), !txt->records.empty(), txt->failure.has_value(),
            "TXT record"};
}

Seen seen_policy_host(const Observation& observation, const std::string& domain) {
    const std::optional<PolicyObservation>& policy = observation.policy;
    if (!policy) return {hosted_name(observation, rfc::policy_host(domain), {}), false, true, "address (A/AAAA)"};
    return {hosted_name(observation, rfc::policy_host(domain), policy->cname_chain), policy->host_resolved,
            policy->address_failure.has_value(), "address (A/AAAA)"};
}

// "mta-sts.D → T (P)", "... → T (P), which has no TXT record", "_smtp._tls.D is the domain's
// own record" or "... is not published".
std::string where_it_points(const Seen& seen) {
    const model::HostedName& name = seen.name;
    if (name.target) {
        const std::string points = name.name + " → " + *name.target + " (" + *name.provider + ")";
        return seen.dangling() ? points + ", which has no " + std::string(seen.record) : points;
    }
    return name.name + (seen.published ? " is the domain's own record" : " is not published");
}

// sts.hosted-dangling for each name whose CNAME leads nowhere: the provider must serve the
// target (or the domain must stop pointing at it), nothing else in the domain's DNS helps.
void judge_dangling(const Seen (&names)[3], model::Findings& findings) {
    for (const Seen& seen : names) {
        if (!seen.dangling()) continue;
        const std::string& provider = *seen.name.provider;
        findings.push_back(model::make_finding("sts.hosted-dangling", seen.name.name,
                                               where_it_points(seen) + ": " + provider +
                                                   " does not serve it (the setup of the domain there is unfinished or removed)"));
    }
}

// The party that answers for a name: its provider, or "" for the domain itself.
std::string party(const model::HostedName& name) {
    return name.provider.value_or("");
}

// sts.hosted-mixed when the policy is hosted but its _mta-sts record (whose id must change with
// every change of the policy, RFC 8461 §3.1) is kept by another party; sts.hosted-partial when
// any other name does not point at the provider (an own policy host with a delegated record is
// how one domain shares its record with others, and an own TLS-RPT record is common).
void judge_parties(const Seen (&names)[3], const std::string& provider, const std::string& domain, model::Findings& findings) {
    const auto& [policy_host, sts_record, tlsrpt_record] = names;
    if (policy_host.unknown || sts_record.unknown || tlsrpt_record.unknown) return;
    const std::string all = where_it_points(policy_host) + "; " + where_it_points(sts_record) + "; " + where_it_points(tlsrpt_record);
    if (policy_host.name.target && party(sts_record.name) != provider) {
        findings.push_back(model::make_finding("sts.hosted-mixed", domain,
                                               "the policy is hosted by " + provider + " but its _mta-sts record is not (" + all +
                                                   "): a policy change there needs a new id here, or senders keep the old policy"));
    } else if (std::ranges::any_of(names, [&](const Seen& seen) { return party(seen.name) != provider; })) {
        findings.push_back(model::make_finding("sts.hosted-partial", domain,
                                               "not all three names point at " + provider + " (" + all + ")"));
    }
}

// Turns a finding the provider must fix into advice naming it; the id and severity stay.
void send_to_provider(model::Finding& finding, const model::HostedFacts& hosted, const std::string& domain) {
    const std::string& provider = *hosted.policy_host.provider;
    const std::string host = rfc::policy_host(domain);
    finding.message += " (" + host + " is a CNAME to " + *hosted.policy_host.target + ": " + provider + " serves it)";
    if (finding.id == "policy.cert-name-mismatch") {
        finding.hint = "The provider " + provider + " must add " + host + " to the certificate it serves for your domain "
                       "(its setup of the domain may be unfinished); nothing in your own DNS fixes this.";
    } else {
        finding.hint = "The provider " + provider + " still serves the policy of your earlier MX hosts: update the MX "
                       "hosts at " + provider + " so that it publishes a policy (and id) listing the current ones.";
    }
}

}  // namespace

void evaluate_hosted(const Observation& observation, model::DomainReport& report) {
    if (!observation.domain) return;
    const std::string& domain = *observation.domain;
    const Seen names[3] = {seen_policy_host(observation, domain), seen_txt(observation, rfc::sts_record_name(domain), observation.sts),
                           seen_txt(observation, rfc::tlsrpt_record_name(domain), observation.tlsrpt)};
    judge_dangling(names, report.findings);
    model::HostedFacts hosted{"", names[0].name, names[1].name, names[2].name};
    if (!hosted.policy_host.target && !hosted.sts_record.target) return;
    hosted.provider = party(hosted.policy_host.target ? hosted.policy_host : hosted.sts_record);
    judge_parties(names, hosted.provider, domain, report.findings);
    if (hosted.policy_host.target) {
        constexpr std::string_view k_provider_fixes[] = {"policy.cert-name-mismatch", "mx.not-covered", "policy.mx-unused"};
        for (model::Finding& finding : report.findings) {
            if (std::ranges::find(k_provider_fixes, finding.id) != std::end(k_provider_fixes))
                send_to_provider(finding, hosted, domain);
        }
    }
    report.hosted = std::move(hosted);
}

}  // namespace mtasts::check
