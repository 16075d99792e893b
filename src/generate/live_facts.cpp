// What `generate` takes from the live check's observation of a domain: the MX hosts and the
// served policy (RFC 8461 §3.3, §4), each with the reason when it is not there.
#include <algorithm>

#include "mtasts/generate/propose.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/rfc/sts_record.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

namespace mtasts::generate {
namespace {

using model::UsageError;

// The HTTPS failure of a fetch in a message's words: "connection refused: ...".
std::string fetch_failure(const model::PolicyFetch& fetch) {
    const model::NetError& error = *fetch.error;
    std::string text(model::describe(error.kind, model::NetExchange::policy_fetch));
    return text + (error.detail.empty() ? "" : ": " + error.detail) + " (" + fetch.ip + ")";
}

std::optional<std::string> served_id(const model::Observation& observation) {
    if (!observation.sts || observation.sts->records.empty()) return std::nullopt;
    const rfc::StsRecordEvaluation sts = rfc::evaluate_sts_rrset(observation.sts->records, observation.sts->name);
    if (sts.record) return sts.record->id;
    return sts.diagnostic_id;
}

std::vector<std::string> served_rua(const model::Observation& observation) {
    if (!observation.tlsrpt || observation.tlsrpt->records.empty()) return {};
    const rfc::TlsRptRecordEvaluation tlsrpt =
        rfc::evaluate_tlsrpt_rrset(observation.tlsrpt->records, observation.tlsrpt->name);
    return tlsrpt.record ? tlsrpt.record->rua : std::vector<std::string>{};
}

}  // namespace

LiveMx live_mx_hosts(const model::Observation& observation) {
    const std::string domain = observation.domain.value_or("");
    const model::MxObservation& mx = observation.mx.value();
    if (mx.failure) return {{}, "the MX lookup failed (" + mx.failure->query + ": " + mx.failure->reason + ")"};
    if (mx.null_mx)
        throw UsageError(domain +
                         " publishes a null MX (RFC 7505): it accepts no mail, so MTA-STS has nothing to protect");
    if (mx.implicit || mx.hosts.empty())
        throw UsageError(domain +
                         " has no MX records: name the MX hosts the policy must cover with --mx HOST (repeatable)");
    std::vector<const model::MxHostObservation*> hosts;
    for (const model::MxHostObservation& host : mx.hosts) hosts.push_back(&host);
    std::ranges::stable_sort(hosts, {},
                             [](const model::MxHostObservation* host) { return host->preference.value_or(0); });
    LiveMx live;
    for (const model::MxHostObservation* host : hosts) live.hosts.push_back(host->host);
    return live;
}

Served served_policy(const model::Observation& observation) {
    const model::PolicyObservation& policy = observation.policy.value();
    Served served;
    served.url = policy.url;
    served.id = served_id(observation);
    served.rua = served_rua(observation);
    if (policy.address_failure) {
        served.inconclusive =
            "the address lookup of " + policy.host + " failed (" + policy.address_failure->reason + ")";
        return served;
    }
    if (policy.fetches.empty())
        throw UsageError(policy.host + " has no address, so no policy is served: run generate without --from-live");
    const auto ok = std::ranges::find_if(policy.fetches, [](const model::PolicyFetch& f) { return f.status == 200; });
    if (ok == policy.fetches.end()) {
        const model::PolicyFetch& first = policy.fetches.front();
        if (first.error) {
            served.inconclusive = "the policy fetch failed: " + fetch_failure(first);
            return served;
        }
        throw UsageError(served.url + " answered HTTP " + std::to_string(first.status.value_or(0)) +
                         ", not a policy: run generate without --from-live");
    }
    served.body = ok->body;
    served.policy = rfc::evaluate_policy_body(served.body).policy;
    return served;
}

}  // namespace mtasts::generate
