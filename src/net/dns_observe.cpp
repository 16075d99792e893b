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
        callback(observed<model::TxtObservation>("TXT", name, result, [](model::TxtObservation& txt, const TxtAnswer& answer) {
            txt.records = answer.records;
            txt.cname_chain = answer.meta.cname_chain;
            txt.ttl = answer.meta.ttl;
        }));
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
