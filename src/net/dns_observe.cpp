// The Resolver's answers as the evaluator's observations: net fills model's types directly.
#include "mtasts/net/dns.hpp"

namespace mtasts::net {
namespace {

// An observation of `type` `name`: the answer's parts put in by `fill`, or the lookup's failure
// (nothing at all for NXDOMAIN and NODATA: an empty RRset).
template <typename Observation, typename Answer, typename Fill>
Observation observed(const char* type, const std::string& name, const DnsResult<Answer>& result, Fill fill) {
    Observation observation;
    observation.name = name;
    if (result) {
        fill(observation, *result);
    } else {
        observation.failure = model::dns_failure(type + (" " + name), result.error());
    }
    return observation;
}

}  // namespace

void Resolver::observe_txt(const std::string& name, std::function<void(model::TxtObservation)> callback) {
    query_txt(name, [name, callback = std::move(callback)](const DnsResult<TxtAnswer>& result) {
        auto txt = observed<model::TxtObservation>("TXT", name, result, [](model::TxtObservation& observed_txt, const TxtAnswer& answer) {
            observed_txt.records = answer.records;
            observed_txt.cname_chain = answer.meta.cname_chain;
            observed_txt.ttl = answer.meta.ttl;
        });
        // No record at the end of a CNAME chain: where the name points tells a dangling CNAME
        // from a name never published (RFC 8461 §8.2).
        if (!result) txt.cname_chain = result.error().cname_chain;
        callback(std::move(txt));
    });
}

void Resolver::observe_tlsa(const std::string& name, std::function<void(model::TlsaObservation)> callback) {
    query_tlsa(name, [name, callback = std::move(callback)](const DnsResult<TlsaAnswer>& result) {
        callback(observed<model::TlsaObservation>("TLSA", name, result, [](model::TlsaObservation& tlsa, const TlsaAnswer& answer) {
            tlsa.records = answer.records;
            tlsa.secure = answer.meta.authenticated;
        }));
    });
}

}  // namespace mtasts::net
